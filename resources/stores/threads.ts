import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { threadsApi, type FollowedThread } from '@/api/threads'
import type { Post, StreamEvent } from '@/api/types'
import { applyThreadEvent, mergePosts, type ThreadView } from './postWindow'
import { useSavedStore } from './saved'

/** The thread open in the right panel. */
export type OpenThread = ThreadView & {
  channelId: string
  following: boolean
  /** A next page of replies (`after` cursor), when the thread is longer than what is held. */
  next: string | null
  loadingMore: boolean
}

/**
 * Threads: the one open in the right panel, kept live from its channel's stream (and read
 * again after a reconnect), and the threads the person follows in the open team.
 */
export const useThreadsStore = defineStore('threads', () => {
  const saved = useSavedStore()
  const open = ref<OpenThread | null>(null)
  /** The id asked for: the panel shows "loading" or "not available" for it meanwhile. */
  const openingId = ref<string | null>(null)
  const missing = ref(false)
  /** The thread could not be read (no answer): the panel offers to try again. */
  const failed = ref(false)
  const followed = ref<FollowedThread[]>([])
  const followedNext = ref<string | null>(null)
  const followedLoaded = ref(false)

  /** Opens the thread any of whose posts is `postId`; a thread one may not see is `missing`. */
  async function show(postId: string) {
    if (open.value && (open.value.root.id === postId || held(postId))) return
    openingId.value = postId
    missing.value = false
    failed.value = false
    open.value = null
    try {
      const page = await threadsApi.get(postId)
      if (openingId.value !== postId) return
      open.value = fromPage(page.root, page.data, page.next, page.following)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (openingId.value !== postId || error.status === 401) return
      if (error.status === 404) missing.value = true
      else failed.value = true
    }
  }

  function held(postId: string) {
    return open.value?.replies.some((reply) => reply.id === postId) ?? false
  }

  function fromPage(root: Post, replies: Post[], next: string | null, following: boolean) {
    saved.learn([root, ...replies])
    return {
      root,
      replies,
      complete: next === null,
      channelId: root.channelId,
      following,
      next,
      loadingMore: false,
    }
  }

  function close() {
    open.value = null
    openingId.value = null
    missing.value = false
    failed.value = false
  }

  /** The next page of replies, when the thread is longer than one. */
  async function loadMore() {
    const thread = open.value
    if (!thread?.next || thread.loadingMore) return
    thread.loadingMore = true
    try {
      const page = await threadsApi.get(thread.root.id, thread.next)
      if (open.value !== thread) return
      saved.learn(page.data)
      thread.replies = mergePosts(thread.replies, page.data)
      thread.next = page.next
      thread.complete = page.next === null
    } finally {
      thread.loadingMore = false
    }
  }

  /** Reads the open thread again (after a reconnect): what changed meanwhile shows. */
  async function refresh() {
    const thread = open.value
    if (!thread) return
    try {
      const page = await threadsApi.get(thread.root.id)
      if (open.value?.root.id !== thread.root.id) return
      open.value = fromPage(page.root, page.data, page.next, page.following)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (error.status === 404) missing.value = true
    }
  }

  /** An event of `channels/<channelId>`: applied to the open thread when it is about it. */
  function receive(channelId: string, event: StreamEvent) {
    const thread = open.value
    if (!thread || thread.channelId !== channelId) return
    const next = applyThreadEvent(thread, event)
    if (next === thread) return
    thread.root = next.root
    thread.replies = next.replies
  }

  /** A reply this browser just sent, from the server's answer (its event may come later). */
  function sent(post: Post) {
    receive(post.channelId, { type: 'post.created', seq: null, at: post.createdAt, data: { post } })
    // Replying follows the thread (the server does the same).
    if (open.value?.root.id === post.rootId) open.value.following = true
  }

  async function setFollowing(following: boolean) {
    const thread = open.value
    if (!thread) return
    const was = thread.following
    thread.following = following
    try {
      await threadsApi.follow(thread.root.id, following)
    } catch (error) {
      thread.following = was
      throw error
    }
  }

  async function markRead() {
    const thread = open.value
    if (!thread) return
    try {
      await threadsApi.read(thread.root.id)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
    }
    threadRead(thread.root.id)
  }

  async function loadFollowed(teamId: string, more = false) {
    if (more && !followedNext.value) return
    const page = await threadsApi.followed(
      teamId,
      more ? (followedNext.value ?? undefined) : undefined
    )
    followed.value = more ? [...followed.value, ...page.data] : page.data
    followedNext.value = page.next
    followedLoaded.value = true
  }

  async function readAll(teamId: string) {
    await threadsApi.readAll(teamId)
    for (const entry of followed.value) threadRead(entry.root.id)
  }

  /** Read up to its end: here, or (a `thread.read` event) in another tab or device. */
  function threadRead(rootId: string) {
    const entry = followed.value.find((item) => item.root.id === rootId)
    if (!entry) return
    entry.unreadReplies = 0
    entry.mentions = 0
  }

  function reset() {
    close()
    followed.value = []
    followedNext.value = null
    followedLoaded.value = false
  }

  return {
    open,
    openingId,
    missing,
    failed,
    followed,
    followedNext,
    followedLoaded,
    show,
    close,
    loadMore,
    refresh,
    receive,
    sent,
    setFollowing,
    markRead,
    loadFollowed,
    readAll,
    threadRead,
    reset,
  }
})

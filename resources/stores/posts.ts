import { defineStore } from 'pinia'
import { reactive, ref, shallowReactive, watch } from 'vue'
import { ApiError } from '@/api/http'
import { HISTORY_PAGE, postsApi } from '@/api/posts'
import type { FileInfo, Post, StreamEvent } from '@/api/types'
import { applyEvent, firstUnread, mergePosts, react, type PendingPost } from './postWindow'
import { useSavedStore } from './saved'
import { useThreadsStore } from './threads'

export type { PendingPost }

/** What the app holds of one channel: a window of its latest messages, and where it stands. */
export type ChannelWindow = {
  /** Tells windows apart: a channel reopened at a permalink or at its latest gets a new one. */
  opened: number
  posts: Post[]
  /** Cursor for the page before the first post held; null when the history starts there. */
  older: string | null
  /**
   * Cursor for the page after the last post held, when the window was opened at a permalink
   * and does not reach the latest messages; null once it does.
   */
  newer: string | null
  /** New messages that came while `newer` was set, joined once the pages reach the end. */
  later: Post[]
  /** Seqs of the posts that were first before an older page came above them (messageRows). */
  breaks: Set<number>
  /** The highest event seq applied from the channel's stream (catch-up resumes after it). */
  seq: number
  /** Where the "New messages" line goes, from the read state when the channel opened. */
  firstUnreadSeq: number | null
  loadingOlder: boolean
  loadingNewer: boolean
  /** Catch-up is running: live events wait in `buffer` until it has caught up. */
  syncing: boolean
  buffer: StreamEvent[]
}

/** Channels kept in memory; the least recently opened beyond this are dropped. */
const KEPT_WINDOWS = 8
/** Where the messages not sent yet wait across reloads, per account. */
const PENDING_KEY = 'hearth.pending.'
const PAGE = HISTORY_PAGE
const RETRY_MS = 3000
/** New messages kept for a window away from the latest (older ones come with its pages). */
const LATER_KEPT = 200
let opened = 0

const randomId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0')
  ).join('')

/**
 * Messages per channel, windowed: the latest pages of a few recently opened channels, kept in
 * step with their streams (live events, and catch-up after every reconnect), and the posts
 * typed here on their way out, each with a clientId so a retry never posts twice.
 */
export const usePostsStore = defineStore('posts', () => {
  const windows = reactive(new Map<string, ChannelWindow>())
  const saved = useSavedStore()
  const pending = ref<PendingPost[]>([])
  /** False while the realtime stream is down: sends wait for it instead of failing. */
  const online = ref(false)
  /** The account whose pending messages are kept in localStorage. */
  let owner: string | null = null

  watch(
    pending,
    (posts) => {
      if (!owner) return
      if (posts.length === 0) localStorage.removeItem(PENDING_KEY + owner)
      else localStorage.setItem(PENDING_KEY + owner, JSON.stringify(posts))
    },
    { deep: true }
  )

  /**
   * Takes back what this account had not sent when the page closed (a reload during an
   * outage): it goes out, with its clientId, when the stream connects.
   */
  function restorePending(userId: string) {
    if (owner === userId) return
    owner = userId
    try {
      const kept = JSON.parse(localStorage.getItem(PENDING_KEY + userId) ?? '[]') as PendingPost[]
      const known = new Set(pending.value.map((post) => post.clientId))
      for (const post of kept) {
        if (known.has(post.clientId)) continue
        pending.value.push({ ...post, state: post.state === 'failed' ? 'failed' : 'queued' })
      }
    } catch {
      localStorage.removeItem(PENDING_KEY + userId)
    }
  }

  function windowOf(channelId: string) {
    return windows.get(channelId) ?? null
  }

  /**
   * Opens a channel: its history at the first unread (or the latest), then catch-up. A
   * channel still held opens at once, its "New messages" line moved to after `lastReadSeq`.
   */
  async function open(
    channelId: string,
    lastReadSeq: number | null = null,
    me: string | null = null
  ) {
    const kept = windows.get(channelId)
    if (kept) {
      if (lastReadSeq !== null) kept.firstUnreadSeq = firstUnread(kept.posts, lastReadSeq, me)
      // Most recently used last, so the oldest is the first to go.
      windows.delete(channelId)
      windows.set(channelId, kept)
      return kept
    }
    return hold(channelId, await loadLatest(channelId))
  }

  /** Keeps a window just read as the channel's (the most recent), then catches it up. */
  async function hold(channelId: string, loaded: ChannelWindow) {
    saved.learn(loaded.posts)
    windows.delete(channelId)
    // Shallow: posts are replaced, never changed in place, so thousands of them need no
    // proxies of their own (deep ones made scrolling through history slow).
    windows.set(channelId, shallowReactive(loaded))
    while (windows.size > KEPT_WINDOWS) windows.delete(windows.keys().next().value!)
    const held = windows.get(channelId)!
    await catchUp(channelId)
    return held
  }

  /**
   * Opens a channel at a post (a permalink): the window held when it has the post, else the
   * page around it. Answers the id of the post to show (a reply's root when the reply is not
   * in the channel), or null when the post is not there.
   */
  async function openAround(channelId: string, postId: string) {
    const kept = windows.get(channelId)
    if (kept?.posts.some((post) => post.id === postId)) {
      windows.delete(channelId)
      windows.set(channelId, kept)
      return postId
    }
    const page = await postsApi.around(channelId, postId, PAGE)
    const held = await hold(channelId, {
      ...blank(page.latestSeq),
      posts: page.data,
      older: page.previous,
      newer: page.next,
    })
    return held.posts.find((post) => post.seq === page.aroundSeq)?.id ?? null
  }

  /** Back to the latest messages, from a window opened at a permalink. */
  async function openLatest(channelId: string) {
    return hold(channelId, await loadLatest(channelId))
  }

  function blank(seq: number): ChannelWindow {
    return {
      opened: ++opened,
      posts: [],
      older: null,
      newer: null,
      later: [],
      breaks: new Set(),
      seq,
      firstUnreadSeq: null,
      loadingOlder: false,
      loadingNewer: false,
      syncing: false,
      buffer: [],
    }
  }

  async function loadLatest(channelId: string): Promise<ChannelWindow> {
    const around = await postsApi.aroundUnread(channelId, PAGE)
    let page = { data: around.data, older: around.previous }
    if (around.next !== null) {
      // More unread than one page: open at the latest and keep the line if it is in view.
      const latest = await postsApi.history(channelId, { limit: PAGE })
      page = { data: latest.data, older: latest.next }
    }
    return {
      ...blank(around.latestSeq),
      posts: page.data,
      older: page.older,
      firstUnreadSeq: around.firstUnreadSeq,
    }
  }

  /** The page before the first message held, prepended (the list keeps its place). */
  async function loadOlder(channelId: string) {
    const held = windows.get(channelId)
    if (!held || !held.older || held.loadingOlder) return
    held.loadingOlder = true
    try {
      const page = await postsApi.history(channelId, { before: held.older, limit: PAGE })
      saved.learn(page.data)
      const first = held.posts.find((post) => !post.deleted || post.replyCount > 0)
      if (first) held.breaks.add(first.seq)
      held.posts = mergePosts(page.data, held.posts)
      held.older = page.next
    } finally {
      held.loadingOlder = false
    }
  }

  /** The page after the last message held, appended; the last one joins what came meanwhile. */
  async function loadNewer(channelId: string) {
    const held = windows.get(channelId)
    if (!held || !held.newer || held.loadingNewer) return
    held.loadingNewer = true
    try {
      const page = await postsApi.history(channelId, { after: held.newer, limit: PAGE })
      saved.learn(page.data)
      held.posts = mergePosts(held.posts, page.data)
      held.newer = page.next
      if (!held.newer) held.posts = mergePosts(held.posts, held.later.splice(0))
    } finally {
      held.loadingNewer = false
    }
  }

  /**
   * New posts join the window, or wait in `later` while it does not reach the latest (they
   * would leave a gap), the newest few only: the pages bring the others.
   */
  function add(held: ChannelWindow, post: Post) {
    if (held.newer === null) held.posts = mergePosts(held.posts, [post])
    else if (!held.later.some((entry) => entry.id === post.id))
      held.later = [...held.later, post].slice(-LATER_KEPT)
  }

  /**
   * Applies the channel's events after the kept seq until none are left, then the live ones
   * that arrived meanwhile (docs/realtime.md, Catch-up).
   */
  async function catchUp(channelId: string) {
    const held = windows.get(channelId)
    if (!held || held.syncing) return
    held.syncing = true
    try {
      let after: number | null = held.seq
      while (after !== null) {
        const page = await postsApi.events(`channels/${channelId}`, after)
        page.data.forEach((event) => apply(held, event))
        after = page.next
      }
    } finally {
      held.syncing = false
      const buffered = held.buffer.splice(0)
      buffered.forEach((event) => apply(held, event))
    }
  }

  /** A live event of `channels/<id>`: applied now, or after the catch-up under way. */
  function receive(channelId: string, event: StreamEvent) {
    const held = windows.get(channelId)
    if (!held) return
    if (held.syncing) held.buffer.push(event)
    else apply(held, event)
  }

  function apply(held: ChannelWindow, event: StreamEvent) {
    if (event.seq !== null && event.seq <= held.seq) return
    if (event.seq !== null) held.seq = event.seq
    const post: Post | null = event.data?.post ?? null
    if (post) saved.learn([post])
    if (event.type === 'post.created' && post?.inChannel) add(held, post)
    else held.posts = applyEvent(held.posts, event)
    const clientId = event.type === 'post.created' ? post?.clientId : null
    if (clientId) settle(clientId)
  }

  /** Forgets the windows of channels other than `keep`: reopening reads them afresh. */
  function dropOthers(keep: string | null) {
    for (const id of [...windows.keys()]) if (id !== keep) windows.delete(id)
  }

  /** Messages to the channel not sent yet (replies wait in their thread's panel). */
  function pendingIn(channelId: string) {
    return pending.value.filter((post) => post.channelId === channelId && !post.rootId)
  }

  function pendingInThread(rootId: string) {
    return pending.value.filter((post) => post.rootId === rootId)
  }

  /**
   * Sends a message, or a reply when `rootId` names its thread, with the files uploaded for
   * it; while offline it waits, shown as pending, and goes out on reconnect.
   */
  async function send(
    channelId: string,
    message: string,
    rootId: string | null = null,
    files: FileInfo[] = []
  ) {
    const post: PendingPost = {
      clientId: randomId(),
      channelId,
      message,
      createdAt: new Date().toISOString(),
      state: online.value ? 'sending' : 'queued',
      error: null,
      rootId,
      ...(files.length ? { files } : {}),
    }
    pending.value.push(post)
    if (online.value) await deliver(post.clientId)
  }

  async function deliver(clientId: string) {
    const post = pending.value.find((entry) => entry.clientId === clientId)
    if (!post) return
    post.state = 'sending'
    post.error = null
    try {
      const created = await postsApi.send(post.channelId, post.message, post.clientId, {
        rootId: post.rootId,
        fileIds: post.files?.map((file) => file.id),
      })
      const held = windows.get(post.channelId)
      if (created.rootId) useThreadsStore().sent(created)
      else if (held) add(held, created)
      settle(clientId)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      // No answer, or the server was busy: the same clientId goes again on reconnect.
      const later = error.status === 0 || error.status >= 500 || error.status === 429
      const kept = pending.value.find((entry) => entry.clientId === clientId)
      if (!kept) return
      kept.state = later ? 'queued' : 'failed'
      kept.error = later ? null : error.summary()
      // The stream is up but this request failed (a blip): try again soon, not only on reconnect.
      if (later && online.value) setTimeout(() => void flush(), RETRY_MS)
    }
  }

  /** Sends what waited for the connection, one at a time, in the order typed. */
  async function flush() {
    const queued = pending.value.filter((post) => post.state === 'queued')
    for (const post of queued) {
      if (!online.value) return
      await deliver(post.clientId)
    }
  }

  function settle(clientId: string) {
    pending.value = pending.value.filter((post) => post.clientId !== clientId)
  }

  async function edit(postId: string, message: string) {
    const post = await postsApi.edit(postId, message)
    const held = windows.get(post.channelId)
    if (held) held.posts = mergePosts(held.posts, [post])
  }

  /** Pins or unpins a message: the answer shows at once, the stream's event says it again. */
  async function pin(post: Post, on: boolean) {
    const updated = await postsApi.pin(post.id, on)
    const held = windows.get(post.channelId)
    if (held) held.posts = held.posts.map((entry) => (entry.id === updated.id ? updated : entry))
  }

  /** Moves the read point back to just before this message (the sidebar's counts follow). */
  async function markUnread(post: Post) {
    await postsApi.markUnread(post.id)
  }

  async function remove(post: Post) {
    await postsApi.remove(post.id)
    const held = windows.get(post.channelId)
    const gone = { ...post, message: '', deleted: true, reactions: [], files: [] }
    if (held) held.posts = mergePosts(held.posts, [gone])
  }

  /**
   * Adds or takes back the caller's reaction, shown at once; the stream's event confirms it
   * (the same rule, so applying it twice changes nothing) and a refusal puts it back.
   */
  async function toggleReaction(post: Post, emoji: string, userId: string) {
    const on = !post.reactions.some((r) => r.emoji === emoji && r.userIds.includes(userId))
    const show = (added: boolean) => {
      const held = windows.get(post.channelId)
      const current = held?.posts.find((entry) => entry.id === post.id)
      if (!held || !current) return
      const reactions = react(current.reactions, emoji, userId, added)
      held.posts = held.posts.map((entry) =>
        entry === current ? { ...current, reactions } : entry
      )
    }
    show(on)
    try {
      await postsApi.react(post.id, emoji, on)
    } catch (error) {
      show(!on)
      throw error
    }
  }

  function setOnline(value: boolean) {
    online.value = value
    if (value) void flush()
  }

  /** Signed out: nothing of the account stays in memory or in this browser. */
  function reset() {
    if (owner) localStorage.removeItem(PENDING_KEY + owner)
    owner = null
    windows.clear()
    pending.value = []
    saved.reset()
  }

  return {
    windows,
    pending,
    online,
    windowOf,
    open,
    openAround,
    openLatest,
    loadOlder,
    loadNewer,
    catchUp,
    receive,
    dropOthers,
    pendingIn,
    pendingInThread,
    send,
    retry: deliver,
    discard: settle,
    edit,
    pin,
    markUnread,
    remove,
    toggleReaction,
    setOnline,
    restorePending,
    reset,
  }
})

import { defineStore } from 'pinia'
import { ref } from 'vue'
import { boardsApi, type Board, type NewBoard } from '@/api/boards'
import { ApiError } from '@/api/http'

/**
 * The boards of the open team's channels, as the sidebar and the channel header list them
 * (the REST list; a board's content comes from its document, see boards/useBoardDocument).
 * `loadFor(channelIds)` when the sidebar's channels are known.
 */
export const useBoardsStore = defineStore('boards', () => {
  /** Channel id → its boards the caller has a role on, oldest first. */
  const byChannel = ref(new Map<string, Board[]>())
  /** Comments per card of the boards on screen (board id → card id → count). */
  const comments = ref(new Map<string, Record<string, number>>())
  const watched = new Map<string, { channelId: string; users: number }>()
  let countsTimer: ReturnType<typeof setTimeout> | null = null

  async function loadCounts(boardId: string) {
    try {
      const { data } = await boardsApi.commentCounts(boardId)
      if (watched.has(boardId)) comments.value.set(boardId, data)
    } catch (error) {
      // Offline or gone: the fronts show no counts rather than stale ones.
      if (!(error instanceof ApiError)) throw error
    }
  }

  /** A board on screen: its comment counts are read, and again as its channel's threads move. */
  function watchComments(board: Pick<Board, 'id' | 'channelId'>) {
    const held = watched.get(board.id)
    watched.set(board.id, { channelId: board.channelId, users: (held?.users ?? 0) + 1 })
    if (!held) void loadCounts(board.id)
    return () => {
      const now = watched.get(board.id)
      if (!now) return
      if (now.users > 1) watched.set(board.id, { ...now, users: now.users - 1 })
      else {
        watched.delete(board.id)
        comments.value.delete(board.id)
      }
    }
  }

  function commentsOf(boardId: string, cardId: string) {
    return comments.value.get(boardId)?.[cardId] ?? 0
  }

  async function loadChannel(channelId: string) {
    try {
      const { data } = await boardsApi.listForChannel(channelId)
      byChannel.value.set(channelId, data)
    } catch (error) {
      // A channel left or unreachable lists no boards; the rest of the sidebar carries on.
      if (!(error instanceof ApiError)) throw error
    }
  }

  /** Reads the boards of the channels not read yet, a few at a time. */
  async function loadFor(channelIds: string[]) {
    const missing = channelIds.filter((id) => !byChannel.value.has(id))
    for (let start = 0; start < missing.length; start += 4) {
      await Promise.all(missing.slice(start, start + 4).map(loadChannel))
    }
  }

  function of(channelId: string): Board[] {
    return byChannel.value.get(channelId) ?? []
  }

  /** Makes a board in a channel (empty, or from a template) and lists it. */
  async function create(channelId: string, input: NewBoard) {
    const board = await boardsApi.create(channelId, input)
    byChannel.value.set(channelId, [...of(channelId), board])
    return board
  }

  /** Keeps a board read on its own (its page) in step with the lists. */
  function remember(board: Board) {
    const list = of(board.channelId)
    const at = list.findIndex((entry) => entry.id === board.id)
    if (at >= 0)
      byChannel.value.set(
        board.channelId,
        list.map((entry) => (entry.id === board.id ? board : entry))
      )
  }

  /** A board deleted here: out of its channel's list at once. */
  function forget(board: Pick<Board, 'id' | 'channelId'>) {
    byChannel.value.set(
      board.channelId,
      of(board.channelId).filter((entry) => entry.id !== board.id)
    )
  }

  /** A board of the channel made, changed, archived or deleted: its list is read again. */
  function receive(channelId: string, event: { type: string }) {
    if (event.type.startsWith('board.') && byChannel.value.has(channelId)) {
      void loadChannel(channelId)
    }
    // A reply written, edited away or deleted in a thread of the channel: the counts of its
    // boards on screen are read again, once for a burst.
    const post = (event as { data?: { post?: { rootId?: string | null } } }).data?.post
    const onScreen = [...watched.values()].some((entry) => entry.channelId === channelId)
    if (onScreen && event.type.startsWith('post.') && post?.rootId && !countsTimer) {
      countsTimer = setTimeout(() => {
        countsTimer = null
        for (const [boardId, entry] of watched) {
          if (entry.channelId === channelId) void loadCounts(boardId)
        }
      }, 300)
    }
  }

  function reset() {
    byChannel.value = new Map()
    comments.value = new Map()
    watched.clear()
  }

  return {
    byChannel,
    loadFor,
    loadChannel,
    of,
    create,
    remember,
    forget,
    receive,
    reset,
    watchComments,
    commentsOf,
  }
})

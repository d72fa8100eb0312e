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
  }

  function reset() {
    byChannel.value = new Map()
  }

  return { byChannel, loadFor, loadChannel, of, create, remember, forget, receive, reset }
})

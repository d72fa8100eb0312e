import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { boardsApi, type Board } from '@/api/boards'
import { channelsApi } from '@/api/channels'
import { ApiError, isSessionLoss } from '@/api/http'
import type { Channel } from '@/api/types'
import { useBoardsStore } from '@/stores/boards'
import { useChannelsStore } from '@/stores/channels'
import { useSessionStore } from '@/stores/session'
import { openBoardDocument, type BoardDocument } from './useBoardDocument'

/**
 * A board on screen (its page, or a card's page): its settings and the caller's role from
 * `GET /boards/:id`, its channel, and its document opened while it is shown; whether this
 * person may edit it (`readOnly` hides every editing control) and why not.
 */
export function useBoardPage(boardId: Ref<string>, channelId: Ref<string>) {
  const session = useSessionStore()
  const channels = useChannelsStore()
  const boards = useBoardsStore()
  const board = ref<Board | null>(null)
  const fetched = ref<Channel | null>(null)
  const missing = ref(false)
  const boardDoc = shallowRef<BoardDocument | null>(null)

  const channel = computed<Channel | null>(() => channels.byId(channelId.value) ?? fetched.value)
  const channelTitle = computed(() => {
    const listed = channels.byId(channelId.value)
    if (listed) return channels.title(listed)
    return fetched.value?.displayName || fetched.value?.name || ''
  })

  watch(
    boardId,
    async (id, _before, onCleanup) => {
      missing.value = false
      board.value = boards.of(channelId.value).find((entry) => entry.id === id) ?? null
      const opened = openBoardDocument(id, session.user!.id)
      boardDoc.value = opened
      const unwatch = boards.watchComments({ id, channelId: channelId.value })
      onCleanup(() => {
        unwatch()
        opened.close()
        if (boardDoc.value === opened) boardDoc.value = null
      })
      try {
        const [read] = await Promise.all([
          boardsApi.board(id),
          channels.byId(channelId.value)
            ? null
            : channelsApi.get(channelId.value).then((c) => (fetched.value = c)),
        ])
        if (id !== boardId.value) return
        board.value = read
        boards.remember(read)
      } catch (error) {
        if (isSessionLoss(error) || id !== boardId.value) return
        if (!(error instanceof ApiError)) throw error
        // Offline: the browser's copy still shows; a 404 means there is no board to show.
        if (error.status === 404) missing.value = true
      }
    },
    { immediate: true }
  )

  // Settings changed elsewhere (the channel's `board.*` events re-read its list): shown here too.
  watch(
    () => boards.of(channelId.value).find((entry) => entry.id === boardId.value),
    (listed) => {
      if (listed && board.value && listed.updatedAt > board.value.updatedAt) board.value = listed
    }
  )

  const readOnly = computed(() => {
    if (!board.value) return true
    if (board.value.archived) return true
    if (board.value.role === 'viewer' || board.value.role === 'commenter') return true
    return Boolean(boardDoc.value?.readOnlyReason.value)
  })
  const readOnlyText = computed(() => {
    if (board.value?.archived) return 'This board is archived: read only.'
    const role = board.value?.role
    if (role === 'viewer' || role === 'commenter') return `You can view this board (${role}).`
    return boardDoc.value?.readOnlyReason.value?.replace(/^read-only: /, 'Read only: ') ?? ''
  })
  /** The server closed the socket for good: the board was deleted, or access was taken away. */
  const closedText = computed(() => {
    const code = boardDoc.value?.closedFor.value
    if (code === 4404) return 'This board was deleted'
    if (code === 4403) return 'You no longer have access to this board'
    return null
  })
  const status = computed(() => boardDoc.value?.status.value ?? 'connecting')
  /** Comments are replies in the board's channel: its members may write, viewers may not. */
  const canComment = computed(
    () =>
      Boolean(channel.value?.membership) &&
      !channel.value?.archived &&
      board.value?.role !== 'viewer'
  )

  return {
    board,
    boardDoc,
    channel,
    channelTitle,
    missing,
    readOnly,
    readOnlyText,
    closedText,
    status,
    canComment,
  }
}

import type { Board } from '@/api/boards'

/**
 * The boards of a team someone may add cards to (editors and admins, not archived): those of
 * `firstChannelId` first, then the rest, each channel's oldest first.
 */
export function editableBoards(
  byChannel: ReadonlyMap<string, readonly Board[]>,
  teamId: string,
  firstChannelId: string
): Board[] {
  const boards = [...byChannel.values()]
    .flat()
    .filter(
      (board) =>
        board.teamId === teamId &&
        !board.archived &&
        (board.role === 'admin' || board.role === 'editor')
    )
  return [
    ...boards.filter((board) => board.channelId === firstChannelId),
    ...boards.filter((board) => board.channelId !== firstChannelId),
  ]
}

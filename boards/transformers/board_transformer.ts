import { iso } from '#app/helpers/dates'
import type Board from '#boards/models/board'
import type { BoardRole } from '#boards/models/board'

/** A board's settings as the UI lists them; `role` is the caller's, when known. */
export function transformBoard(board: Board, role?: BoardRole) {
  return {
    id: board.id,
    teamId: board.teamId,
    channelId: board.channelId,
    title: board.title,
    icon: board.icon,
    description: board.description,
    template: board.template,
    key: board.key,
    channelActivity: board.channelActivity,
    defaultRole: board.defaultRole,
    creatorId: board.creatorId,
    archived: board.isArchived,
    archivedAt: iso(board.archivedAt),
    createdAt: iso(board.createdAt),
    updatedAt: iso(board.updatedAt),
    ...(role ? { role } : {}),
  }
}

export type BoardJson = ReturnType<typeof transformBoard>

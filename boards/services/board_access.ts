import type User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import {
  findVisibleChannel,
  visibleChannels,
  type ChannelAccess,
} from '#chat/services/channel_access'
import ChannelPolicy from '#chat/policies/channel_policy'
import Board, { type BoardRole } from '#boards/models/board'
import BoardMember from '#boards/models/board_member'

/** A board as one user sees it: the channel access behind it and their role (never null). */
export type BoardAccess = { board: Board; channel: ChannelAccess; role: BoardRole }

const RANK: Record<BoardRole, number> = { viewer: 0, commenter: 1, editor: 2, admin: 3 }

/** Whether a role allows at least another. */
export function atLeast(role: BoardRole, needed: BoardRole) {
  return RANK[role] >= RANK[needed]
}

/**
 * A user's role on a board, or null when they may not see it:
 * - the channel's managers (channel, team and system admins) are board admins;
 * - otherwise an explicit role on the board wins;
 * - channel members get the board's default role, except guests, who need
 *   an explicit grant;
 * - people who may read a public channel without being in it are viewers.
 */
export function roleOn(
  user: User,
  board: Board,
  channel: ChannelAccess,
  explicit: BoardRole | null
): BoardRole | null {
  if (new ChannelPolicy().manage(user, channel)) return 'admin'
  if (explicit) return explicit
  if (channel.teamRole === 'guest' || channel.teamRole === null) return null
  if (channel.membership) return board.defaultRole
  return 'viewer'
}

/**
 * Loads a board the user may see, with their role: three indexed queries.
 * Anything else is a 404, exactly like a board that does not exist.
 */
export async function findVisibleBoard(user: User, boardId: string): Promise<BoardAccess> {
  const board = isId(boardId) ? await Board.find(boardId) : null
  if (!board) throw ApiError.notFound('Board')
  const [channel, explicit] = await Promise.all([
    findVisibleChannel(user, board.channelId).catch(() => null),
    BoardMember.query().where({ board_id: board.id, user_id: user.id }).first(),
  ])
  if (!channel) throw ApiError.notFound('Board')
  const role = roleOn(user, board, channel, explicit?.role ?? null)
  if (!role) throw ApiError.notFound('Board')
  return { board, channel, role }
}

/** Of these boards, those the user may see, with their role, by id: three queries in all. */
export async function visibleBoards(user: User, boardIds: string[]) {
  const visible = new Map<string, BoardAccess>()
  const ids = [...new Set(boardIds.filter(isId))]
  if (ids.length === 0) return visible
  const boards = await Board.query().whereIn('id', ids)
  const [channels, explicit] = await Promise.all([
    visibleChannels(
      user,
      boards.map((board) => board.channelId)
    ),
    BoardMember.query().where('user_id', user.id).whereIn('board_id', ids),
  ])
  const roles = new Map(explicit.map((row) => [row.boardId, row.role]))
  for (const board of boards) {
    const channel = channels.get(board.channelId)
    const role = channel ? roleOn(user, board, channel, roles.get(board.id) ?? null) : null
    if (channel && role) visible.set(board.id, { board, channel, role })
  }
  return visible
}

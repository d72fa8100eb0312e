import type AccessTokenRevoked from '#app/events/access_token_revoked'
import type SessionsEnded from '#app/events/sessions_ended'
import type TeamMemberLeft from '#app/events/team_member_left'
import type UserDeactivated from '#app/events/user_deactivated'
import type ChatEventsRecorded from '#chat/events/chat_events_recorded'
import type BoardAccessChanged from '#boards/events/board_access_changed'
import { boardSync } from '#boards/sync/board_sync_server'

/** Channel events that can change who sees a channel's boards, or with which role. */
const CHANNEL_ACCESS_EVENTS = new Set([
  'channel.member_added',
  'channel.member_removed',
  'channel.member_updated',
  'channel.archived',
  'channel.unarchived',
])

/**
 * Makes permission changes take effect on open board sockets at once: each
 * affected socket's role is checked again, so someone who can no longer see
 * a board is disconnected and someone who can no longer write is read-only.
 * A socket whose session ended or whose token was revoked is disconnected.
 */
export default class RefreshBoardSockets {
  async boardChanged({ boardId, deleted }: BoardAccessChanged) {
    if (deleted) return boardSync.closeBoard(boardId)
    await boardSync.refreshAccess(boardId)
  }

  async channelChanged({ events }: ChatEventsRecorded) {
    for (const { stream, envelope } of events) {
      if (!stream.startsWith('channels/') || !CHANNEL_ACCESS_EVENTS.has(envelope.type)) continue
      const { channelId, userId } = envelope.data as { channelId?: string; userId?: string }
      await boardSync.refreshChannel(channelId ?? stream.slice('channels/'.length), userId)
    }
  }

  async teamLeft({ userId }: TeamMemberLeft) {
    await boardSync.refreshUser(userId)
  }

  userDeactivated({ userId }: UserDeactivated) {
    boardSync.disconnectUser(null, userId)
  }

  sessionsEnded({ userId, sessionIds }: SessionsEnded) {
    boardSync.closeSessions(userId, sessionIds)
  }

  tokenRevoked({ userId, tokenId }: AccessTokenRevoked) {
    boardSync.closeToken(userId, String(tokenId))
  }
}

import type UserDeactivated from '#app/events/user_deactivated'
import type SessionsEnded from '#app/events/sessions_ended'
import type AccessTokenRevoked from '#app/events/access_token_revoked'
import { connections } from '#chat/realtime/connections'

/**
 * SSE streams end with what let them in: every stream of a deactivated
 * account, and the streams opened with a session or token that ended.
 */
export default class CloseEndedStreams {
  deactivated({ userId }: UserDeactivated) {
    connections.closeAll(userId)
  }

  sessionsEnded({ userId, sessionIds }: SessionsEnded) {
    connections.closeOpenedWith(
      userId,
      sessionIds.map((id) => ({ kind: 'session', id }))
    )
  }

  tokenRevoked({ userId, tokenId }: AccessTokenRevoked) {
    connections.closeOpenedWith(userId, [{ kind: 'token', id: tokenId }])
  }
}

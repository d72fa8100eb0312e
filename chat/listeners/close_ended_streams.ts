import type UserDeactivated from '#app/events/user_deactivated'
import type SessionsEnded from '#app/events/sessions_ended'
import type AccessTokenRevoked from '#app/events/access_token_revoked'
import transmit from '@adonisjs/transmit/services/main'
import { connections } from '#chat/realtime/connections'

/**
 * SSE streams end with what let them in: every stream of a deactivated
 * account, and the streams opened with a session or token that ended.
 */
export default class CloseEndedStreams {
  deactivated({ userId }: UserDeactivated) {
    // Said before the streams end, so an open tab can show why it was signed out: after
    // this its requests only get the 401 of a session that no longer exists.
    transmit.broadcast(`users/${userId}`, {
      type: 'account.deactivated',
      seq: null,
      at: new Date().toISOString(),
      data: { userId },
    })
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

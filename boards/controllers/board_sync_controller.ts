import type { HttpContext } from '@adonisjs/core/http'
import { findVisibleBoard } from '#boards/services/board_access'
import { issueTicket } from '#boards/sync/sync_tickets'

export default class BoardSyncController {
  /**
   * `POST /boards/:id/sync-ticket`: a single-use ticket, valid 60 s, that
   * opens this board's sync socket as the caller (`?ticket=`), for clients
   * that cannot send a cookie or an Authorization header on a WebSocket. The
   * socket belongs to the session or token that asked for the ticket.
   */
  async ticket({ auth, params, response, session }: HttpContext) {
    const user = auth.user!
    const { board } = await findVisibleBoard(user, params.id)
    const token = user.currentAccessToken
    const { ticket, expiresAt } = issueTicket(
      {
        userId: user.id,
        sessionId: token ? null : session.sessionId,
        tokenId: token ? String(token.identifier) : null,
      },
      board.id
    )
    return response.created({ ticket, expiresAt: expiresAt.toISOString() })
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { findVisibleBoard } from '#boards/services/board_access'
import { issueTicket } from '#boards/sync/sync_tickets'

export default class BoardSyncController {
  /**
   * `POST /boards/:id/sync-ticket`: a single-use ticket, valid 60 s, that
   * opens this board's sync socket as the caller (`?ticket=`), for clients
   * that cannot send a cookie or an Authorization header on a WebSocket.
   */
  async ticket({ auth, params, response }: HttpContext) {
    const { board } = await findVisibleBoard(auth.user!, params.id)
    const { ticket, expiresAt } = issueTicket(auth.user!.id, board.id)
    return response.created({ ticket, expiresAt: expiresAt.toISOString() })
  }
}

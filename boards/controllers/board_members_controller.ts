import type { HttpContext } from '@adonisjs/core/http'
import BoardPolicy from '#boards/policies/board_policy'
import BoardService from '#boards/services/board_service'
import { findVisibleBoard } from '#boards/services/board_access'
import { boardMemberValidator } from '#boards/validators/board_validators'

export default class BoardMembersController {
  /** The explicit roles on a board (admins only). */
  async index({ auth, bouncer, params }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('manage', access)
    const members = await new BoardService().members(access)
    return { data: members.map(({ userId, role }) => ({ userId, role })), next: null }
  }

  async update({ auth, bouncer, params, request }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('manage', access)
    const { role } = await request.validateUsing(boardMemberValidator)
    return new BoardService().setRole(access, params.userId, role)
  }

  async destroy({ auth, bouncer, params, response }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('manage', access)
    await new BoardService().removeRole(access, params.userId)
    return response.noContent()
  }
}

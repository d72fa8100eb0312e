import type { HttpContext } from '@adonisjs/core/http'
import ChannelPolicy from '#chat/policies/channel_policy'
import { findVisibleChannel } from '#chat/services/channel_access'
import TeamService from '#app/services/team_service'
import ApiError from '#app/exceptions/api_error'
import BoardPolicy from '#boards/policies/board_policy'
import BoardService from '#boards/services/board_service'
import { findVisibleBoard, roleOn } from '#boards/services/board_access'
import { transformBoard } from '#boards/transformers/board_transformer'
import {
  createBoardValidator,
  createStandaloneBoardValidator,
  updateBoardValidator,
} from '#boards/validators/board_validators'

export default class BoardsController {
  /** `GET /channels/:id/boards`: the channel's boards the caller may see (`?archived=true` too). */
  async index({ auth, params, request }: HttpContext) {
    const channel = await findVisibleChannel(auth.user!, params.id)
    const archived = request.input('archived') === 'true'
    const boards = await new BoardService().list(auth.user!, channel, archived)
    return { data: boards.map(({ board, role }) => transformBoard(board, role)), next: null }
  }

  /** `POST /channels/:id/boards`: members of the channel add boards to it. */
  async store({ auth, bouncer, params, request, response }: HttpContext) {
    const channel = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', channel)
    if (channel.teamRole === 'guest') {
      throw ApiError.forbidden('Guests cannot create boards', 'guest')
    }
    const payload = await request.validateUsing(createBoardValidator)
    const board = await new BoardService().create(auth.user!, channel, payload)
    return response.created(transformBoard(board, roleOn(auth.user!, board, channel, null)!))
  }

  /** `POST /boards`: a board outside any channel gets a channel of its own. */
  async storeStandalone({ auth, request, response }: HttpContext) {
    const { teamId, ...payload } = await request.validateUsing(createStandaloneBoardValidator)
    const { team, membership } = await new TeamService().findVisible(auth.user!, teamId)
    if (!membership || membership.role === 'guest') {
      throw ApiError.forbidden('Only the team’s members can create boards', 'not_team_member')
    }
    const board = await new BoardService().createStandalone(auth.user!, team, payload)
    return response.created(transformBoard(board, 'admin'))
  }

  async show({ auth, params }: HttpContext) {
    const { board, role } = await findVisibleBoard(auth.user!, params.id)
    return transformBoard(board, role)
  }

  async update({ auth, bouncer, params, request }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('manage', access)
    const changes = await request.validateUsing(updateBoardValidator)
    const board = await new BoardService().update(access, changes)
    return transformBoard(board, access.role)
  }

  async archive({ auth, bouncer, params }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('manage', access)
    return transformBoard(await new BoardService().setArchived(access, true), access.role)
  }

  async unarchive({ auth, bouncer, params }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('manage', access)
    return transformBoard(await new BoardService().setArchived(access, false), access.role)
  }

  async destroy({ auth, bouncer, params, response }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('manage', access)
    await new BoardService().delete(access)
    return response.noContent()
  }
}

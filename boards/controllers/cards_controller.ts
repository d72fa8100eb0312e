import type { HttpContext } from '@adonisjs/core/http'
import BoardPolicy from '#boards/policies/board_policy'
import CardFinder from '#boards/services/card_finder'
import CardService from '#boards/services/card_service'
import CardThreads from '#boards/services/card_threads'
import { findVisibleBoard } from '#boards/services/board_access'
import {
  createCardValidator,
  findCardsValidator,
  listCardsValidator,
  updateCardValidator,
} from '#boards/validators/card_validators'

export default class CardsController {
  /** `GET /boards/:id/cards`: the board's cards in column order, filtered. */
  async index({ auth, params, request }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    const { dueBefore, dueAfter, ...filters } = await request.validateUsing(listCardsValidator, {
      data: request.qs(),
    })
    const data = await new CardService().list(access, {
      ...filters,
      dueBefore: dueBefore?.toISOString(),
      dueAfter: dueAfter?.toISOString(),
    })
    return { data, next: null }
  }

  /** `GET /teams/:teamId/cards?q=`: cards of the team's boards by reference or title. */
  async find({ auth, request, teamAccess }: HttpContext) {
    const { q, limit } = await request.validateUsing(findCardsValidator, { data: request.qs() })
    const data = await new CardFinder().find(auth.user!, teamAccess.team.id, q, limit ?? 8)
    return { data, next: null }
  }

  /** `GET /boards/:id/document`: fields, views, columns and every card. */
  async document({ auth, params }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    return new CardService().document(access)
  }

  /** `GET /boards/:id/comment-counts`: people's comments per card, for the card fronts. */
  async commentCounts({ auth, params }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    return { data: await new CardThreads().commentCounts(access.board.id) }
  }

  /** `GET /boards/:id/columns`: the columns a card can go in, for pickers. */
  async columns({ auth, params }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    return new CardService().columns(access)
  }

  async store({ auth, bouncer, params, request, response }: HttpContext) {
    const access = await findVisibleBoard(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('edit', access)
    const payload = await request.validateUsing(createCardValidator)
    return response.created(await new CardService().create(auth.user!, access, payload))
  }

  async show({ auth, params }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    return service.show(access, params.id)
  }

  async update({ auth, bouncer, params, request }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('edit', access)
    const changes = await request.validateUsing(updateCardValidator)
    return service.update(auth.user!, access, params.id, changes)
  }

  async destroy({ auth, bouncer, params, response }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('edit', access)
    await service.delete(auth.user!, access, params.id)
    return response.noContent()
  }
}

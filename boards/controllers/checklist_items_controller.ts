import type { HttpContext } from '@adonisjs/core/http'
import BoardPolicy from '#boards/policies/board_policy'
import CardService from '#boards/services/card_service'
import {
  createChecklistItemValidator,
  updateChecklistItemValidator,
} from '#boards/validators/card_validators'

/** A card's checklist items: the same roles as editing the card. */
export default class ChecklistItemsController {
  async store({ auth, bouncer, params, request, response }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('edit', access)
    const payload = await request.validateUsing(createChecklistItemValidator)
    return response.created(await service.addChecklistItem(auth.user!, access, params.id, payload))
  }

  async update({ auth, bouncer, params, request }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('edit', access)
    const changes = await request.validateUsing(updateChecklistItemValidator)
    return service.updateChecklistItem(auth.user!, access, params.id, params.itemId, changes)
  }

  async destroy({ auth, bouncer, params, response }: HttpContext) {
    const service = new CardService()
    const access = await service.findVisible(auth.user!, params.id)
    await bouncer.with(BoardPolicy).authorize('edit', access)
    await service.removeChecklistItem(auth.user!, access, params.id, params.itemId)
    return response.noContent()
  }
}

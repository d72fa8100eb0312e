import type { HttpContext } from '@adonisjs/core/http'
import SearchService from '#chat/services/search/search_service'
import { searchValidator } from '#chat/validators/search_validators'

export default class SearchController {
  /** `GET /teams/:teamId/search?q=`: matches with their channel, thread root and snippet. */
  async index({ auth, request, teamAccess }: HttpContext) {
    const params = await request.validateUsing(searchValidator, { data: request.qs() })
    return new SearchService().search(auth.user!, teamAccess, params)
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import TeamService from '#app/services/team_service'
import { transformUser } from '#app/transformers/user_transformer'
import PeopleSearch from '#chat/services/people_search'
import { peopleSearchValidator } from '#chat/validators/people_validators'

export default class PeopleController {
  /** People the caller may find by a prefix of their names, for autocomplete and new DMs. */
  async search({ auth, request }: HttpContext) {
    const params = await peopleSearchValidator.validate(request.qs())
    if (params.teamId) await new TeamService().findVisible(auth.user!, params.teamId)
    const people = await new PeopleSearch().search(auth.user!, params)
    return { data: people.map(transformUser) }
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import TeamService from '#app/services/team_service'
import SystemPolicy from '#app/policies/system_policy'
import { pageValidator } from '#app/helpers/pagination'
import { transformTeamForAdmin } from '#app/transformers/team_transformer'

export default class SystemTeamsController {
  /** Every team on the server with its member count, for system admins (ace `team:list`). */
  async index({ bouncer, request }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const page = await pageValidator.validate(request.qs())
    const service = new TeamService()
    const { data, next } = await service.listAll(page)
    const counts = await service.memberCounts(data.map((team) => team.id))
    return { data: data.map((team) => transformTeamForAdmin(team, counts.get(team.id) ?? 0)), next }
  }
}

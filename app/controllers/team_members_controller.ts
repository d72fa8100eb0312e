import type { HttpContext } from '@adonisjs/core/http'
import TeamService from '#app/services/team_service'
import TeamPolicy from '#app/policies/team_policy'
import { pageValidator } from '#app/helpers/pagination'
import { changeRoleValidator } from '#app/validators/team_validators'
import { transformMember } from '#app/transformers/team_transformer'

export default class TeamMembersController {
  async index({ request, teamAccess }: HttpContext) {
    const page = await pageValidator.validate(request.qs())
    const { data, next } = await new TeamService().members(teamAccess.team, page)
    return { data: data.map(transformMember), next }
  }

  async update({ bouncer, params, request, teamAccess }: HttpContext) {
    await bouncer.with(TeamPolicy).authorize('manage', teamAccess)
    const { role } = await request.validateUsing(changeRoleValidator)
    const member = await new TeamService().changeRole(teamAccess.team, params.userId, role)
    await member.load('user')
    return transformMember(member)
  }

  /** `me` leaves the team; any other id is removed by a team admin. */
  async destroy({ auth, bouncer, params, response, teamAccess }: HttpContext) {
    const leaving = params.userId === 'me' || params.userId === auth.user!.id
    await bouncer.with(TeamPolicy).authorize(leaving ? 'leave' : 'manage', teamAccess)
    await new TeamService().removeMember(teamAccess.team, leaving ? auth.user!.id : params.userId)
    return response.noContent()
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import TeamService from '#app/services/team_service'
import TeamPolicy from '#app/policies/team_policy'
import { pageValidator } from '#app/helpers/pagination'
import SystemPolicy from '#app/policies/system_policy'
import UserService from '#app/services/user_service'
import { addTeamMemberValidator, changeRoleValidator } from '#app/validators/team_validators'
import { transformMember } from '#app/transformers/team_transformer'

export default class TeamMembersController {
  async index({ request, teamAccess }: HttpContext) {
    const page = await pageValidator.validate(request.qs())
    const { data, next } = await new TeamService().members(teamAccess.team, page)
    return { data: data.map(transformMember), next }
  }

  /**
   * A system admin adds an account to the team (ace `team:add-member`); someone already in
   * it keeps their role unless one is given.
   */
  async store({ auth, bouncer, request, response, teamAccess }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const { userId, role } = await request.validateUsing(addTeamMemberValidator)
    const user = await new UserService().findVisible(auth.user!, userId)
    const service = new TeamService()
    let member = await service.addMember(teamAccess.team, user, role ?? 'member')
    if (role && member.role !== role)
      member = await service.changeRole(teamAccess.team, user.id, role)
    await member.load('user')
    return response.created(transformMember(member))
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

import type { HttpContext } from '@adonisjs/core/http'
import TeamService from '#app/services/team_service'
import TeamPolicy from '#app/policies/team_policy'
import {
  createTeamValidator,
  joinTeamValidator,
  updateTeamValidator,
} from '#app/validators/team_validators'
import { transformTeam } from '#app/transformers/team_transformer'

export default class TeamsController {
  /** The caller's teams. */
  async index({ auth }: HttpContext) {
    const teams = await new TeamService().listForUser(auth.user!)
    return {
      data: teams.map((team) => {
        const role = team.$extras.member_role
        return transformTeam(team, role, role === 'admin' || auth.user!.hasAdminPowers)
      }),
      next: null,
    }
  }

  async store({ auth, request, response }: HttpContext) {
    const { name } = await request.validateUsing(createTeamValidator)
    const team = await new TeamService().create(auth.user!, name)
    return response.created(transformTeam(team, 'admin', true))
  }

  async show({ bouncer, teamAccess }: HttpContext) {
    const canManage = await bouncer.with(TeamPolicy).allows('manage', teamAccess)
    return transformTeam(teamAccess.team, teamAccess.membership?.role ?? null, canManage)
  }

  async update({ bouncer, request, teamAccess }: HttpContext) {
    await bouncer.with(TeamPolicy).authorize('manage', teamAccess)
    const { name } = await request.validateUsing(updateTeamValidator)
    const team = await new TeamService().rename(teamAccess.team, name)
    return transformTeam(team, teamAccess.membership?.role ?? null, true)
  }

  async regenerateInvite({ bouncer, teamAccess }: HttpContext) {
    await bouncer.with(TeamPolicy).authorize('manage', teamAccess)
    const team = await new TeamService().regenerateInvite(teamAccess.team)
    return transformTeam(team, teamAccess.membership?.role ?? null, true)
  }

  async join({ auth, request }: HttpContext) {
    const { invite } = await request.validateUsing(joinTeamValidator)
    const service = new TeamService()
    const team = await service.join(auth.user!, invite)
    const { membership } = await service.findVisible(auth.user!, team.id)
    const role = membership?.role ?? null
    return transformTeam(team, role, role === 'admin' || auth.user!.hasAdminPowers)
  }
}

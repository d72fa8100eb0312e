import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import TeamService from '#app/services/team_service'
import UserService from '#app/services/user_service'
import { changeRoleValidator } from '#app/validators/team_validators'
import { findTeamForAdmin } from '#app/console/lookups'

export default class TeamAddMember extends AdminCommand {
  static commandName = 'team:add-member'
  static description = 'Add an account to a team (or change its role there)'

  @args.string({ description: 'Team id or name' })
  declare team: string

  @args.string({ description: 'Username or email' })
  declare login: string

  @flags.string({ description: 'admin, member or guest (new members default to member)' })
  declare role?: string

  async handle() {
    const { role } = await this.validate(changeRoleValidator, { role: this.role ?? 'member' })
    const team = await findTeamForAdmin(this.team)
    const user = await new UserService().findByLogin(this.login)
    const service = new TeamService()
    let member = await service.addMember(team, user, role)
    if (this.role && member.role !== role) member = await service.changeRole(team, user.id, role)
    this.logger.success(
      `${user.username} is ${member.role === 'admin' ? 'an' : 'a'} ${member.role} of "${team.name}"`
    )
  }
}

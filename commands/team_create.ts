import { flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import TeamService from '#app/services/team_service'
import UserService from '#app/services/user_service'
import ApiError from '#app/exceptions/api_error'
import { createTeamValidator } from '#app/validators/team_validators'

export default class TeamCreate extends AdminCommand {
  static commandName = 'team:create'
  static description = 'Create a team, with its owner as first team admin'

  @flags.string({ description: 'Team name' })
  declare name: string

  @flags.string({ description: 'Username or email of the first team admin' })
  declare owner: string

  async handle() {
    const { name } = await this.validate(createTeamValidator, { name: this.name })
    if (!this.owner) {
      throw ApiError.invalid('owner', 'required', 'Name the first team admin with --owner')
    }
    const owner = await new UserService().findByLogin(this.owner)
    const team = await new TeamService().create(owner, name)
    this.logger.success(`Created team "${team.name}" (${team.id}), admin ${owner.username}`)
    this.logger.info(`Invite code: ${team.inviteCode}`)
  }
}

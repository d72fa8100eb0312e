import { flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import { findTeamForAdmin } from '#app/console/lookups'
import ApiError from '#app/exceptions/api_error'
import UserService from '#app/services/user_service'
import TeamMember from '#app/models/team_member'
import ChannelService from '#chat/services/channel_service'
import { createChannelValidator } from '#chat/validators/channel_validators'

export default class ChannelCreate extends AdminCommand {
  static commandName = 'channel:create'
  static description = 'Create a public or private channel in a team'

  @flags.string({ description: 'Team id or name' })
  declare team: string

  @flags.string({ description: 'Channel name (a-z, 0-9, - and _)' })
  declare name: string

  @flags.string({ description: 'Display name (defaults to the name)' })
  declare displayName?: string

  @flags.string({ description: 'public (default) or private' })
  declare type?: string

  @flags.string({ description: 'Username or email of its first channel admin (a team member)' })
  declare owner: string

  @flags.string({ description: 'Purpose' })
  declare purpose?: string

  async handle() {
    if (!this.team) throw ApiError.invalid('team', 'required', 'Name the team with --team')
    if (!this.name) throw ApiError.invalid('name', 'required', 'Name the channel with --name')
    if (!this.owner)
      throw ApiError.invalid('owner', 'required', 'Name the channel admin with --owner')
    if (this.type && !['public', 'private'].includes(this.type)) {
      throw ApiError.invalid('type', 'invalid', 'The type is public or private')
    }
    const params = await this.validate(createChannelValidator, {
      type: this.type ?? 'public',
      name: this.name,
      displayName: this.displayName ?? this.name,
      purpose: this.purpose,
    })
    const team = await findTeamForAdmin(this.team)
    const owner = await new UserService().findByLogin(this.owner)
    const inTeam = await TeamMember.query().where({ team_id: team.id, user_id: owner.id }).first()
    if (!inTeam)
      throw ApiError.invalid(
        'owner',
        'not_team_member',
        `${owner.username} is not in "${team.name}"`
      )
    const { channel } = await new ChannelService().create(owner, team, params)
    this.logger.success(
      `Created ${channel.type} channel "${channel.name}" (${channel.id}) in "${team.name}"`
    )
  }
}

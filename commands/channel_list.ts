import { flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import { findTeamForAdmin } from '#app/console/lookups'
import ApiError from '#app/exceptions/api_error'
import ChannelService from '#chat/services/channel_service'
import ChannelMemberService from '#chat/services/channel_member_service'

export default class ChannelList extends AdminCommand {
  static commandName = 'channel:list'
  static description = 'List the public and private channels of a team'

  @flags.string({ description: 'Team id or name' })
  declare team: string

  @flags.boolean({ description: 'Include archived channels' })
  declare archived: boolean

  async handle() {
    if (!this.team) throw ApiError.invalid('team', 'required', 'Name the team with --team')
    const team = await findTeamForAdmin(this.team)
    const channels = await new ChannelService().listForAdmin(team.id, this.archived ?? false)
    const members = await new ChannelMemberService().counts(channels.map((channel) => channel.id))

    const table = this.ui
      .table()
      .head(['Id', 'Name', 'Display name', 'Type', 'Members', 'Archived'])
    for (const channel of channels) {
      table.row([
        channel.id,
        channel.name ?? '',
        channel.displayName,
        channel.type,
        String(members.get(channel.id) ?? 0),
        channel.isArchived ? 'yes' : 'no',
      ])
    }
    table.render()
    this.logger.info(`${channels.length} channel(s) in "${team.name}"`)
  }
}

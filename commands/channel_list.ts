import { flags } from '@adonisjs/core/ace'
import db from '@adonisjs/lucid/services/db'
import { AdminCommand } from '#app/console/admin_command'
import { findTeamForAdmin } from '#app/console/lookups'
import ApiError from '#app/exceptions/api_error'
import Channel from '#chat/models/channel'

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
    const channels = await Channel.query()
      .where('team_id', team.id)
      .whereIn('type', ['public', 'private'])
      .if(!this.archived, (query) => query.whereNull('archived_at'))
      .orderBy('name')
    const counts = await db
      .from('channel_members')
      .whereIn(
        'channel_id',
        channels.map((channel) => channel.id)
      )
      .groupBy('channel_id')
      .select('channel_id')
      .count('* as total')
    const members = new Map(counts.map((row) => [row.channel_id, Number(row.total)]))

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

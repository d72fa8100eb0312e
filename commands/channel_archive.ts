import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import ChannelService from '#chat/services/channel_service'
import { findChannelForAdmin } from '#chat/console/lookups'

export default class ChannelArchive extends AdminCommand {
  static commandName = 'channel:archive'
  static description = 'Archive a channel (read-only from then on), or unarchive it'

  @args.string({ description: 'Channel id, or name with --team' })
  declare channel: string

  @flags.string({ description: 'Team id or name, to find the channel by name' })
  declare team?: string

  @flags.boolean({ description: 'Unarchive instead' })
  declare undo: boolean

  async handle() {
    const access = await findChannelForAdmin(this.channel, this.team)
    const channel = await new ChannelService().setArchived(access, !this.undo)
    this.logger.success(`"${channel.name}" is ${channel.isArchived ? 'archived' : 'active'}`)
  }
}

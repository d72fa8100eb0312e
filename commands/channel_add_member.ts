import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import UserService from '#app/services/user_service'
import ApiError from '#app/exceptions/api_error'
import ChannelMemberService from '#chat/services/channel_member_service'
import { findChannelForAdmin } from '#chat/console/lookups'

export default class ChannelAddMember extends AdminCommand {
  static commandName = 'channel:add-member'
  static description = 'Add a team member to a channel'

  @args.string({ description: 'Channel id, or name with --team' })
  declare channel: string

  @args.string({ description: 'Username or email' })
  declare login: string

  @flags.string({ description: 'Team id or name, to find the channel by name' })
  declare team?: string

  @flags.string({ description: 'member (default) or admin' })
  declare role?: string

  async handle() {
    if (this.role && !['member', 'admin'].includes(this.role)) {
      throw ApiError.invalid('role', 'invalid', 'The role is member or admin')
    }
    const access = await findChannelForAdmin(this.channel, this.team)
    if (access.channel.isConversation) {
      throw ApiError.conflict('conversation', 'Direct and group messages keep their members')
    }
    const user = await new UserService().findByLogin(this.login)
    const role = (this.role ?? 'member') as 'member' | 'admin'
    await new ChannelMemberService().add(access, user.id, role)
    this.logger.success(`${user.username} is in "${access.channel.name}"`)
  }
}

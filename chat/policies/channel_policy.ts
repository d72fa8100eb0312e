import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#app/models/user'
import type { ChannelAccess } from '#chat/services/channel_access'

/**
 * What a user may do in a channel they can see (findVisibleChannel settles
 * seeing; the unseen are 404s before any policy runs).
 */
export default class ChannelPolicy extends BasePolicy {
  /** Post, reply, react, pin: members only. */
  participate(_user: User, access: ChannelAccess) {
    return access.membership !== null
  }

  /**
   * Rename, archive, change roles, remove members: channel admins, team
   * admins and system admins. Direct and group messages have no managers.
   */
  manage(user: User, access: ChannelAccess) {
    if (access.channel.isConversation) return false
    return access.membership?.role === 'admin' || access.teamRole === 'admin' || user.hasAdminPowers
  }

  /** Add people: anyone in a public channel, managers of a private one. */
  addMembers(user: User, access: ChannelAccess) {
    if (access.channel.isConversation) return false
    if (access.channel.type === 'public')
      return access.membership !== null || this.manage(user, access)
    return this.manage(user, access)
  }

  /** Leave: members of anything but a direct message (which has no leaving). */
  leave(_user: User, access: ChannelAccess) {
    return access.membership !== null && access.channel.type !== 'direct'
  }

  /** Join a public channel: its team's members and admins, not guests. */
  join(_user: User, access: ChannelAccess) {
    return (
      access.channel.type === 'public' && access.teamRole !== null && access.teamRole !== 'guest'
    )
  }
}

import type TeamCreated from '#app/events/team_created'
import type TeamMemberJoined from '#app/events/team_member_joined'
import type TeamMemberLeft from '#app/events/team_member_left'
import Channel from '#chat/models/channel'
import ChannelService from '#chat/services/channel_service'
import ChannelMemberService from '#chat/services/channel_member_service'
import { unsubscribeUser } from '#chat/listeners/broadcast_chat_events'

/**
 * Keeps channels in step with teams: a new team gets its default channel,
 * new members (not guests) join it, and someone leaving a team leaves its
 * channels and its stream.
 */
export default class FollowTeamMembership {
  async created({ team, creator }: TeamCreated) {
    await new ChannelService().createDefault(team, creator)
  }

  async joined({ team, userId, role }: TeamMemberJoined) {
    if (role === 'guest') return
    await new ChannelMemberService().joinDefaultChannel(team, userId)
  }

  /** Also ends their subscriptions to channels they only watched (public, not joined). */
  async left({ team, userId }: TeamMemberLeft) {
    await new ChannelMemberService().leaveTeamChannels(team, userId)
    await unsubscribeUser(userId, `teams/${team.id}`)
    const channels = await Channel.query().where('team_id', team.id).select('id')
    for (const channel of channels) await unsubscribeUser(userId, channel.stream)
  }
}

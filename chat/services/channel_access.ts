import type User from '#app/models/user'
import type { TeamRole } from '#app/models/team_member'
import TeamMember from '#app/models/team_member'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import Channel from '#chat/models/channel'
import ChannelMember from '#chat/models/channel_member'

/** A channel as one user sees it: their membership and their role in its team. */
export type ChannelAccess = {
  channel: Channel
  membership: ChannelMember | null
  teamRole: TeamRole | null
}

/**
 * Whether a user may see a channel: its members always; public channels
 * also to the team's members and admins (not its guests); public and private
 * channels to system admins. Direct and group messages only to their members.
 */
export function canSee(user: User, access: Omit<ChannelAccess, 'channel'> & { channel: Channel }) {
  if (access.membership) return true
  if (access.channel.isConversation) return false
  if (access.channel.type === 'public' && access.teamRole && access.teamRole !== 'guest')
    return true
  return user.hasAdminPowers
}

/**
 * Loads a channel the user may see, with their membership, in two indexed
 * lookups. Anything else is a 404, exactly like a channel that does not exist.
 */
export async function findVisibleChannel(user: User, channelId: string): Promise<ChannelAccess> {
  if (!isId(channelId)) throw ApiError.notFound('Channel')
  const [channel, membership] = await Promise.all([
    Channel.find(channelId),
    ChannelMember.query().where({ channel_id: channelId, user_id: user.id }).first(),
  ])
  if (!channel) throw ApiError.notFound('Channel')
  const teamMember = await TeamMember.query()
    .where({ team_id: channel.teamId, user_id: user.id })
    .select('role')
    .first()
  const access = { channel, membership, teamRole: teamMember?.role ?? null }
  if (!canSee(user, access)) throw ApiError.notFound('Channel')
  return access
}

import type User from '#app/models/user'
import type { TeamRole } from '#app/models/team_member'
import db from '@adonisjs/lucid/services/db'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import TeamMember from '#app/models/team_member'
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

/** Channels with the user's membership and team role: one indexed query. */
function accessQuery(user: User) {
  return db
    .from('channels')
    .leftJoin('channel_members as cm', (join) => {
      join.on('cm.channel_id', '=', 'channels.id').andOnVal('cm.user_id', '=', user.id)
    })
    .leftJoin('team_members as tm', (join) => {
      join.on('tm.team_id', '=', 'channels.team_id').andOnVal('tm.user_id', '=', user.id)
    })
    .select('channels.*')
    .select({
      cm_id: 'cm.id',
      cm_role: 'cm.role',
      cm_notify: 'cm.notify',
      cm_muted: 'cm.muted',
      cm_last_read_seq: 'cm.last_read_seq',
      cm_created_at: 'cm.created_at',
      tm_role: 'tm.role',
    })
}

function accessFromRow(user: User, row: Record<string, any>): ChannelAccess {
  const {
    cm_id: memberId,
    cm_role: role,
    cm_notify: notify,
    cm_muted: muted,
    cm_last_read_seq: lastReadSeq,
    cm_created_at: joinedAt,
    tm_role: teamRole,
    ...columns
  } = row
  const channel = Channel.$createFromAdapterResult(columns)!
  const membership =
    memberId === null
      ? null
      : ChannelMember.$createFromAdapterResult({
          id: memberId,
          channel_id: channel.id,
          user_id: user.id,
          role,
          notify,
          muted,
          last_read_seq: lastReadSeq,
          created_at: joinedAt,
        })!
  return { channel, membership, teamRole: (teamRole ?? null) as TeamRole | null }
}

/**
 * Loads a channel the user may see, with their membership and team role, in
 * one indexed query. Anything else is a 404, exactly like a channel that does
 * not exist.
 */
export async function findVisibleChannel(user: User, channelId: string): Promise<ChannelAccess> {
  if (!isId(channelId)) throw ApiError.notFound('Channel')
  const row = await accessQuery(user).where('channels.id', channelId).first()
  if (!row) throw ApiError.notFound('Channel')
  const access = accessFromRow(user, row)
  if (!canSee(user, access)) throw ApiError.notFound('Channel')
  return access
}

/** Of these channels, those the user may see, by id: one query whatever their number. */
export async function visibleChannels(user: User, channelIds: string[]) {
  const visible = new Map<string, ChannelAccess>()
  const ids = [...new Set(channelIds.filter(isId))]
  if (ids.length === 0) return visible
  for (const row of await accessQuery(user).whereIn('channels.id', ids)) {
    const access = accessFromRow(user, row)
    if (canSee(user, access)) visible.set(access.channel.id, access)
  }
  return visible
}

/**
 * Which of these users may see a channel, each with their own powers (a
 * session's or a token's), by the rule of canSee: three queries whatever
 * their number. Use it to deliver an event about a channel to a crowd.
 */
export async function whoCanSee(channelId: string, users: User[]) {
  const seeing = new Set<User>()
  const channel = users.length > 0 && isId(channelId) ? await Channel.find(channelId) : null
  if (!channel) return seeing
  const ids = [...new Set(users.map((user) => user.id))]
  const [members, roles] = await Promise.all([
    ChannelMember.query().where('channel_id', channel.id).whereIn('user_id', ids),
    TeamMember.query().where('team_id', channel.teamId).whereIn('user_id', ids),
  ])
  const memberships = new Map(members.map((member) => [member.userId, member]))
  const teamRoles = new Map(roles.map((member) => [member.userId, member.role]))
  for (const user of users) {
    const membership = memberships.get(user.id) ?? null
    const teamRole = teamRoles.get(user.id) ?? null
    if (canSee(user, { channel, membership, teamRole })) seeing.add(user)
  }
  return seeing
}

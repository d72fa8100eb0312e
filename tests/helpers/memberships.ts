import type User from '#app/models/user'
import type Channel from '#chat/models/channel'
import ChannelMember, { type ChannelRole } from '#chat/models/channel_member'

/**
 * Use to put a user in a channel directly in the database, bypassing the API, with the given role.
 */
export function join(channel: Channel, user: User, role: ChannelRole = 'member') {
  return ChannelMember.create({ channelId: channel.id, userId: user.id, role, notify: 'default' })
}

/** Use to read a user's membership row in a channel (null when they are not in it). */
export function membership(channel: Channel, user: User) {
  return ChannelMember.query().where({ channel_id: channel.id, user_id: user.id }).first()
}

/**
 * Use to compare who is in a channel: `[userId, role]` of every member, in the order they joined.
 */
export async function membersOf(channel: Channel | string) {
  const id = typeof channel === 'string' ? channel : channel.id
  const rows = await ChannelMember.query().where('channel_id', id).orderBy('id')
  return rows.map((row) => [row.userId, row.role])
}

import type Team from '#app/models/team'
import TeamMember from '#app/models/team_member'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import { keysetPage, type PageParams } from '#app/helpers/pagination'
import Channel from '#chat/models/channel'
import ChannelMember, { type ChannelRole, type NotifyLevel } from '#chat/models/channel_member'
import type { ChannelAccess } from '#chat/services/channel_access'
import { addMembers, assertWritable } from '#chat/services/channel_service'
import { withEvents, type EventRecorder } from '#chat/services/event_log'

/**
 * Who is in a channel: listing, adding, removing, roles, and the team-level
 * changes that move people in and out of channels.
 */
export default class ChannelMemberService {
  /** A page of members with their names, by username: one keyset query. */
  async list(channel: Channel, page: PageParams) {
    const query = ChannelMember.query()
      .where('channel_members.channel_id', channel.id)
      .join('users', 'users.id', 'channel_members.user_id')
      .select('channel_members.*', 'users.username', 'users.display_name')
    return keysetPage(query, {
      column: 'users.username',
      key: (member) => member.$extras.username,
      params: page,
    })
  }

  /** How many people are in a channel, for its header. */
  async count(channel: Channel) {
    const row = await ChannelMember.query()
      .where('channel_id', channel.id)
      .count('* as total')
      .firstOrFail()
    return Number(row.$extras.total)
  }

  /** Adds a member of the channel's team (guests too, explicitly). */
  async add(access: ChannelAccess, userId: string, role: ChannelRole = 'member') {
    assertWritable(access.channel)
    if (!isId(userId) || !(await this.#inTeam(access.channel.teamId, userId))) {
      throw ApiError.invalid('userId', 'not_team_member', 'This person is not in the team')
    }
    return withEvents(async (trx, recorder) => {
      const members = await addMembers(access.channel, [{ userId, role }], trx, recorder)
      return members.find((member) => member.userId === userId)!
    })
  }

  /** Removes a member, or lets one leave. Nobody leaves the default channel. */
  async remove(access: ChannelAccess, userId: string) {
    const { channel } = access
    if (channel.isDefault) {
      throw ApiError.conflict(
        'default_channel',
        'Everyone in the team stays in the default channel'
      )
    }
    const member = await this.find(channel, userId)
    await withEvents(async (trx, recorder) => {
      await member.useTransaction(trx).delete()
      await recordRemoval(channel, userId, recorder)
    })
  }

  /** Changes a member's channel role. */
  async setRole(access: ChannelAccess, userId: string, role: ChannelRole) {
    assertWritable(access.channel)
    const member = await this.find(access.channel, userId)
    if (member.role === role) return member
    return withEvents(async (trx, recorder) => {
      member.role = role
      await member.useTransaction(trx).save()
      await recorder.record(access.channel.stream, 'channel.member_updated', {
        channelId: access.channel.id,
        userId,
        role,
      })
      return member
    })
  }

  /** The caller's own notification level and mute for a channel. */
  async setNotifications(
    membership: ChannelMember,
    preferences: { notify?: NotifyLevel; muted?: boolean }
  ) {
    membership.merge(preferences)
    await membership.save()
    return membership
  }

  /** Member counts of several channels, in one grouped query. */
  async counts(channelIds: string[]) {
    if (channelIds.length === 0) return new Map<string, number>()
    const rows = await ChannelMember.query()
      .whereIn('channel_id', channelIds)
      .groupBy('channel_id')
      .select('channel_id')
      .count('* as total')
    return new Map(rows.map((row) => [row.channelId, Number(row.$extras.total)]))
  }

  /** A new team member (not a guest) joins the team's default channel. */
  async joinDefaultChannel(team: Team, userId: string) {
    const channel = await Channel.query().where({ team_id: team.id, is_default: true }).first()
    if (!channel) return
    await withEvents((trx, recorder) =>
      addMembers(channel, [{ userId, role: 'member' }], trx, recorder)
    )
  }

  /** Someone who leaves a team leaves all of its channels. */
  async leaveTeamChannels(team: Team, userId: string) {
    const memberships = await ChannelMember.query()
      .join('channels', 'channels.id', 'channel_members.channel_id')
      .where('channels.team_id', team.id)
      .where('channel_members.user_id', userId)
      .select('channel_members.*')
    if (memberships.length === 0) return
    const channels = await Channel.query().whereIn(
      'id',
      memberships.map((member) => member.channelId)
    )
    await withEvents(async (trx, recorder) => {
      await trx
        .from('channel_members')
        .whereIn(
          'id',
          memberships.map((member) => member.id)
        )
        .delete()
      for (const channel of channels) await recordRemoval(channel, userId, recorder)
    })
  }

  /** One member of a channel, or a 404. */
  async find(channel: Channel, userId: string) {
    const member = isId(userId)
      ? await ChannelMember.query().where({ channel_id: channel.id, user_id: userId }).first()
      : null
    if (!member) throw ApiError.notFound('Member')
    return member
  }

  async #inTeam(teamId: string, userId: string) {
    return Boolean(await TeamMember.query().where({ team_id: teamId, user_id: userId }).first())
  }
}

async function recordRemoval(channel: Channel, userId: string, recorder: EventRecorder) {
  const data = { channelId: channel.id, userId }
  await recorder.record(channel.stream, 'channel.member_removed', data)
  await recorder.record(`users/${userId}`, 'channel.member_removed', data)
}

import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/models/user'
import type Team from '#app/models/team'
import TeamMember from '#app/models/team_member'
import ApiError from '#app/exceptions/api_error'
import { newId } from '#app/helpers/ids'
import { isUniqueViolation } from '#app/helpers/database'
import { keysetPage, type PageParams } from '#app/helpers/pagination'
import Channel, { type ChannelType } from '#chat/models/channel'
import ChannelMember, { type ChannelRole } from '#chat/models/channel_member'
import type { ChannelAccess } from '#chat/services/channel_access'
import { withEvents, type EventRecorder } from '#chat/services/event_log'
import { transformChannel } from '#chat/transformers/channel_transformer'

export const DEFAULT_CHANNEL = { name: 'town-square', displayName: 'Town Square' }

type NewChannel = {
  type: ChannelType
  name?: string
  displayName?: string
  purpose?: string
  header?: string
  userIds?: string[]
}

type ChannelChanges = { name?: string; displayName?: string; purpose?: string; header?: string }

/**
 * Channels of a team: creation (including direct and group messages, one per
 * set of people), changes, archiving, joining.
 */
export default class ChannelService {
  /**
   * Creates a channel. A direct or group message that already exists for
   * the same people is returned as it is (`created: false`).
   */
  async create(creator: User, team: Team, params: NewChannel) {
    if (params.type === 'direct' || params.type === 'group') {
      return this.#conversation(creator, team, params.type, params.userIds ?? [])
    }
    if (params.type === 'board') {
      params = { ...params, name: `board-${newId().slice(-12)}` }
    }
    try {
      const channel = await withEvents(async (trx, recorder) => {
        const created = await Channel.create(
          {
            teamId: team.id,
            type: params.type,
            name: params.name!,
            displayName: params.displayName!,
            purpose: params.purpose ?? '',
            header: params.header ?? '',
            isDefault: false,
            creatorId: creator.id,
          },
          { client: trx }
        )
        await this.#announce(created, recorder)
        await addMembers(created, [{ userId: creator.id, role: 'admin' }], trx, recorder)
        return created
      })
      return { channel, created: true }
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken()
      throw error
    }
  }

  /** The team's default channel, made when the team is. */
  async createDefault(team: Team, creator: User) {
    return withEvents(async (trx, recorder) => {
      const channel = await Channel.create(
        {
          teamId: team.id,
          type: 'public',
          ...DEFAULT_CHANNEL,
          purpose: '',
          header: '',
          isDefault: true,
          creatorId: creator.id,
        },
        { client: trx }
      )
      await this.#announce(channel, recorder)
      return channel
    })
  }

  /** Changes a channel's name, display name, purpose or header. */
  async update(access: ChannelAccess, changes: ChannelChanges) {
    const { channel } = access
    assertWritable(channel)
    if (channel.isDefault && changes.name && changes.name !== channel.name) {
      throw ApiError.invalid('name', 'default_channel', 'The default channel keeps its name')
    }
    try {
      return await withEvents(async (trx, recorder) => {
        channel.merge(changes)
        await channel.useTransaction(trx).save()
        await this.#announce(channel, recorder, 'channel.updated')
        return channel
      })
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken()
      throw error
    }
  }

  /** Archives (read-only from then on) or unarchives a channel. */
  async setArchived(access: ChannelAccess, archived: boolean) {
    const { channel } = access
    if (channel.isDefault && archived) {
      throw ApiError.conflict('default_channel', 'The default channel cannot be archived')
    }
    if (channel.isArchived === archived) return channel
    return withEvents(async (trx, recorder) => {
      channel.archivedAt = archived ? DateTime.now() : null
      await channel.useTransaction(trx).save()
      await this.#announce(channel, recorder, archived ? 'channel.archived' : 'channel.unarchived')
      return channel
    })
  }

  /** The user's channels in a team, by display name. */
  async listForMember(user: User, teamId: string) {
    return Channel.query()
      .join('channel_members', 'channel_members.channel_id', 'channels.id')
      .where('channels.team_id', teamId)
      .where('channel_members.user_id', user.id)
      .select('channels.*')
      .select(
        'channel_members.role as m_role',
        'channel_members.notify as m_notify',
        'channel_members.muted as m_muted',
        'channel_members.last_read_seq as m_last_read_seq'
      )
      .orderBy('channels.display_name')
      .orderBy('channels.id')
  }

  /** A team's public and private channels by name, for admins (archived ones on request). */
  async listForAdmin(teamId: string, includeArchived: boolean) {
    return Channel.query()
      .where('team_id', teamId)
      .whereIn('type', ['public', 'private'])
      .if(!includeArchived, (query) => query.whereNull('archived_at'))
      .orderBy('name')
  }

  /** The members of the direct and group messages among `channels`: one query. */
  async conversationMembers(channels: Channel[]) {
    const members = new Map<string, string[]>()
    const ids = channels.filter((channel) => channel.isConversation).map((channel) => channel.id)
    if (ids.length === 0) return members
    const rows = await ChannelMember.query()
      .whereIn('channel_id', ids)
      .select('channel_id', 'user_id')
      .orderBy('id')
    for (const row of rows) {
      members.set(row.channelId, [...(members.get(row.channelId) ?? []), row.userId])
    }
    return members
  }

  /** Public channels of a team anyone in it may join, by name: one keyset query. */
  async browse(teamId: string, page: PageParams) {
    const query = Channel.query()
      .where('team_id', teamId)
      .where('type', 'public')
      .whereNull('archived_at')
    return keysetPage(query, { column: 'name', key: (channel) => channel.name!, params: page })
  }

  /** Joins a public channel; joining twice changes nothing. */
  async join(user: User, access: ChannelAccess) {
    assertWritable(access.channel)
    if (access.membership) return access.membership
    return withEvents(async (trx, recorder) => {
      const [member] = await addMembers(
        access.channel,
        [{ userId: user.id, role: 'member' }],
        trx,
        recorder
      )
      return member
    })
  }

  async #conversation(creator: User, team: Team, type: 'direct' | 'group', others: string[]) {
    const userIds = [...new Set([creator.id, ...others])].sort()
    if (type === 'direct' && userIds.length !== 2) {
      throw ApiError.invalid('userIds', 'direct_pair', 'A direct message is between two people')
    }
    if (type === 'group' && (userIds.length < 3 || userIds.length > 8)) {
      throw ApiError.invalid('userIds', 'group_size', 'A group message has three to eight people')
    }
    const members = await TeamMember.query().where('team_id', team.id).whereIn('user_id', userIds)
    if (members.length !== userIds.length) {
      throw ApiError.invalid('userIds', 'not_team_member', 'Everyone must belong to this team')
    }

    const directKey = createHash('sha256').update(userIds.join(':')).digest('hex')
    const existing = await Channel.query()
      .where({ team_id: team.id, direct_key: directKey })
      .first()
    if (existing) return { channel: existing, created: false }
    try {
      const channel = await withEvents(async (trx, recorder) => {
        const created = await Channel.create(
          {
            teamId: team.id,
            type,
            name: null,
            displayName: '',
            purpose: '',
            header: '',
            isDefault: false,
            directKey,
            creatorId: creator.id,
          },
          { client: trx }
        )
        const entries = userIds.map((userId) => ({ userId, role: 'member' as const }))
        await addMembers(created, entries, trx, recorder)
        return created
      })
      return { channel, created: true }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      const raced = await Channel.query().where({ team_id: team.id, direct_key: directKey }).first()
      return { channel: raced!, created: false }
    }
  }

  /** Tells the channel, and the team when the channel is public, what changed. */
  async #announce(channel: Channel, recorder: EventRecorder, type = 'channel.created') {
    const data = { channel: transformChannel(channel) }
    if (type !== 'channel.created') await recorder.record(channel.stream, type, data)
    if (channel.type === 'public') await recorder.record(`teams/${channel.teamId}`, type, data)
  }
}

/** Archived channels are read-only. */
export function assertWritable(channel: Channel) {
  if (channel.isArchived) {
    throw ApiError.forbidden('This channel is archived and read-only', 'channel_archived')
  }
}

function nameTaken() {
  return ApiError.invalid('name', 'name_taken', 'A channel of this team already has this name')
}

/**
 * Adds members to a channel inside a transaction, telling the channel and
 * each new member. Existing members are left as they are.
 */
export async function addMembers(
  channel: Channel,
  entries: Array<{ userId: string; role: ChannelRole }>,
  trx: TransactionClientContract,
  recorder: EventRecorder
) {
  const existing = await ChannelMember.query({ client: trx })
    .where('channel_id', channel.id)
    .whereIn(
      'user_id',
      entries.map((entry) => entry.userId)
    )
  const present = new Set(existing.map((member) => member.userId))
  const added: ChannelMember[] = []
  for (const entry of entries) {
    if (present.has(entry.userId)) continue
    const member = await ChannelMember.create(
      {
        channelId: channel.id,
        userId: entry.userId,
        role: entry.role,
        notify: 'default',
        lastReadSeq: 0,
      },
      { client: trx }
    )
    const data = { channelId: channel.id, userId: entry.userId, role: entry.role }
    await recorder.record(channel.stream, 'channel.member_added', data)
    await recorder.record(`users/${entry.userId}`, 'channel.member_added', {
      ...data,
      channel: transformChannel(channel, member),
    })
    added.push(member)
  }
  return [...existing, ...added]
}

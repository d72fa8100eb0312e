import db from '@adonisjs/lucid/services/db'
import type User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import { keysetPage, type PageParams } from '#app/helpers/pagination'
import type Post from '#chat/models/post'
import { POST_COLUMNS, postFromRow, type PostLike } from '#chat/transformers/post_transformer'
import type ChannelMember from '#chat/models/channel_member'
import type { ChannelAccess } from '#chat/services/channel_access'
import { withEvents } from '#chat/services/event_log'
import type Channel from '#chat/models/channel'

export type UnreadCounts = { unread: number; mentions: number }

/**
 * What each person has read: channels, threads, and the counts the sidebar
 * and the threads view show.
 */
export default class ReadStateService {
  /** The newest seq handed out in a channel's stream. */
  async latestSeq(channel: Channel) {
    const row = await db
      .from('stream_cursors')
      .where('stream', channel.stream)
      .select('seq')
      .first()
    return Number(row?.seq ?? 0)
  }

  /**
   * Marks a channel read up to `seq` (default: everything). Going back is
   * what markUnread is for; this only moves forward. The user's other
   * sessions hear of it.
   */
  async markChannelRead(user: User, access: ChannelAccess, seq?: number) {
    const membership = this.#membership(access)
    const latest = await this.latestSeq(access.channel)
    const target = Math.min(seq ?? latest, latest)
    if (target <= membership.lastReadSeq) return membership
    return this.#setChannelRead(user, access, membership, target)
  }

  /** Marks a channel (or thread, for a reply) unread from a post on. */
  async markUnread(user: User, access: ChannelAccess, post: Post) {
    const membership = this.#membership(access)
    if (post.rootId) return this.#setThreadRead(user, access, post.rootId, post.seq - 1)
    return this.#setChannelRead(user, access, membership, post.seq - 1, true)
  }

  /** Marks a whole thread read, and follows it. */
  async markThreadRead(user: User, access: ChannelAccess, root: Post) {
    const last = await db.from('posts').where('root_id', root.id).max('seq as seq').first()
    return this.#setThreadRead(user, access, root.id, Number(last?.seq ?? root.seq))
  }

  /**
   * Marks every thread the user follows in a team read (the threads view's
   * "mark all read"): one query finds those with newer replies, and each
   * moves to its last reply in one transaction, telling the user's other
   * sessions as markThreadRead does. Answers the threads it moved.
   */
  async markAllThreadsRead(user: User, teamId: string) {
    return withEvents(async (trx, recorder) => {
      const behind = await trx
        .from('thread_follows as f')
        .join('channel_members as m', (join) => {
          join.on('m.channel_id', '=', 'f.channel_id').andOn('m.user_id', '=', 'f.user_id')
        })
        .join('posts as p', 'p.root_id', 'f.root_id')
        .where('f.user_id', user.id)
        .where('f.team_id', teamId)
        .where('f.following', true)
        .groupBy('f.root_id', 'f.channel_id', 'f.last_read_seq')
        .havingRaw('max(p.seq) > f.last_read_seq')
        .select('f.root_id', 'f.channel_id')
        .max('p.seq as seq')
      const moved = behind.map((row) => ({
        channelId: row.channel_id as string,
        rootId: row.root_id as string,
        lastReadSeq: Number(row.seq),
      }))
      for (const thread of moved) {
        await trx
          .from('thread_follows')
          .where({ user_id: user.id, root_id: thread.rootId })
          .update({ last_read_seq: thread.lastReadSeq })
        await recorder.record(`users/${user.id}`, 'thread.read', thread)
      }
      return moved
    })
  }

  /** Whether the user follows a thread, and how far they have read it (0 when never). */
  async threadState(user: User, rootId: string) {
    const row = await db
      .from('thread_follows')
      .where({ user_id: user.id, root_id: rootId })
      .select('following', 'last_read_seq')
      .first()
    return { following: Boolean(row?.following), lastReadSeq: Number(row?.last_read_seq ?? 0) }
  }

  /** Follows or stops following a thread. */
  async setFollowing(user: User, access: ChannelAccess, root: Post, following: boolean) {
    await db
      .table('thread_follows')
      .insert({ ...this.#followKey(user, access, root.id), following })
      .knexQuery.onConflict(['user_id', 'root_id'])
      .merge({ following })
  }

  /**
   * Unread messages and mentions per channel of a team for one user: two
   * grouped queries, whatever the number of channels. Replies count in their
   * threads, not here.
   */
  async channelCounts(user: User, teamId: string) {
    const counts = new Map<string, UnreadCounts>()
    const entry = (channelId: string) => {
      if (!counts.has(channelId)) counts.set(channelId, { unread: 0, mentions: 0 })
      return counts.get(channelId)!
    }
    const [unread, named] = await Promise.all([
      db
        .from('channel_members as m')
        .join('channels as c', 'c.id', 'm.channel_id')
        .join('posts as p', (join) => {
          join.on('p.channel_id', '=', 'm.channel_id').andOn('p.seq', '>', 'm.last_read_seq')
        })
        .where('m.user_id', user.id)
        .where('c.team_id', teamId)
        .where('p.in_channel', true)
        .whereNull('p.deleted_at')
        .whereNot('p.user_id', user.id)
        .groupBy('p.channel_id')
        .select('p.channel_id')
        .count('* as unread')
        .sum({ everyone: db.raw('case when p.mentions_all then 1 else 0 end') }),
      db
        .from('post_mentions as pm')
        .join('channel_members as m', (join) => {
          join.on('m.channel_id', '=', 'pm.channel_id').andOn('m.user_id', '=', 'pm.user_id')
        })
        .join('channels as c', 'c.id', 'pm.channel_id')
        .join('posts as p', 'p.id', 'pm.post_id')
        .where('pm.user_id', user.id)
        .where('c.team_id', teamId)
        .where('p.mentions_all', false)
        .whereNull('pm.root_id')
        .whereRaw('pm.seq > m.last_read_seq')
        .groupBy('pm.channel_id')
        .select('pm.channel_id')
        .count('* as mentions'),
    ])
    for (const row of unread) {
      const counted = entry(row.channel_id)
      counted.unread = Number(row.unread)
      counted.mentions += Number(row.everyone ?? 0)
    }
    for (const row of named) entry(row.channel_id).mentions += Number(row.mentions)
    return counts
  }

  /**
   * The threads a user follows in a team, most recently replied first, with
   * their unread replies and mentions: three queries whatever the page size.
   */
  async followedThreads(user: User, teamId: string, page: PageParams) {
    const query = db
      .from('posts')
      .join('thread_follows as f', 'f.root_id', 'posts.id')
      .join('channel_members as m', (join) => {
        join.on('m.channel_id', '=', 'f.channel_id').andOn('m.user_id', '=', 'f.user_id')
      })
      .where('f.user_id', user.id)
      .where('f.team_id', teamId)
      .where('f.following', true)
      .whereNotNull('posts.last_reply_id')
      .select(...POST_COLUMNS, 'f.last_read_seq as follow_read_seq')
    const { data, next } = await keysetPage<Record<string, any>>(query, {
      column: 'posts.last_reply_id',
      key: (row) => row.last_reply_id,
      params: page,
      order: 'desc',
    })
    const roots = data.map(postFromRow)
    const counts = await this.#threadCounts(user, roots)
    return {
      data: roots.map((root, index) => ({
        root,
        lastReadSeq: Number(data[index].follow_read_seq),
        ...(counts.get(root.id) ?? { unread: 0, mentions: 0 }),
      })),
      next,
    }
  }

  async #threadCounts(user: User, roots: PostLike[]) {
    const counts = new Map<string, UnreadCounts>()
    if (roots.length === 0) return counts
    const ids = roots.map((root) => root.id)
    const [unread, mentions] = await Promise.all([
      db
        .from('posts as p')
        .join('thread_follows as f', (join) => {
          join.on('f.root_id', '=', 'p.root_id').andOnVal('f.user_id', '=', user.id)
        })
        .whereIn('p.root_id', ids)
        .whereRaw('p.seq > f.last_read_seq')
        .whereNull('p.deleted_at')
        .whereNot('p.user_id', user.id)
        .groupBy('p.root_id')
        .select('p.root_id')
        .count('* as total'),
      db
        .from('post_mentions as pm')
        .join('thread_follows as f', (join) => {
          join.on('f.root_id', '=', 'pm.root_id').andOn('f.user_id', '=', 'pm.user_id')
        })
        .where('pm.user_id', user.id)
        .whereIn('pm.root_id', ids)
        .whereRaw('pm.seq > f.last_read_seq')
        .groupBy('pm.root_id')
        .select('pm.root_id')
        .count('* as total'),
    ])
    for (const row of unread) counts.set(row.root_id, { unread: Number(row.total), mentions: 0 })
    for (const row of mentions) {
      const entry = counts.get(row.root_id) ?? { unread: 0, mentions: 0 }
      entry.mentions = Number(row.total)
      counts.set(row.root_id, entry)
    }
    return counts
  }

  #membership(access: ChannelAccess): ChannelMember {
    if (!access.membership) {
      throw ApiError.forbidden('Join the channel first', 'not_member')
    }
    return access.membership
  }

  /** `unread` says the read point moved back (marked unread), so counts must be read again. */
  async #setChannelRead(
    user: User,
    access: ChannelAccess,
    membership: ChannelMember,
    seq: number,
    unread = false
  ) {
    return withEvents(async (trx, recorder) => {
      membership.lastReadSeq = Math.max(seq, 0)
      await membership.useTransaction(trx).save()
      await recorder.record(`users/${user.id}`, 'channel.read', {
        channelId: access.channel.id,
        lastReadSeq: membership.lastReadSeq,
        ...(unread ? { unread: true } : {}),
      })
      return membership
    })
  }

  async #setThreadRead(user: User, access: ChannelAccess, rootId: string, seq: number) {
    const lastReadSeq = Math.max(seq, 0)
    await withEvents(async (trx, recorder) => {
      await trx
        .table('thread_follows')
        .insert({
          ...this.#followKey(user, access, rootId),
          following: true,
          last_read_seq: lastReadSeq,
        })
        .knexQuery.onConflict(['user_id', 'root_id'])
        .merge({ last_read_seq: lastReadSeq })
      await recorder.record(`users/${user.id}`, 'thread.read', {
        channelId: access.channel.id,
        rootId,
        lastReadSeq,
      })
    })
    return { rootId, lastReadSeq }
  }

  #followKey(user: User, access: ChannelAccess, rootId: string) {
    return {
      user_id: user.id,
      root_id: rootId,
      channel_id: access.channel.id,
      team_id: access.channel.teamId,
    }
  }
}

import db from '@adonisjs/lucid/services/db'
import { keysetPage, encodeCursor, type PageParams } from '#app/helpers/pagination'
import Post from '#chat/models/post'
import type Channel from '#chat/models/channel'
import type { PostExtras, ReactionSummary } from '#chat/transformers/post_transformer'

const MAX_PARTICIPANTS = 10

/**
 * Reading posts: channel history, threads, and what a page of posts needs
 * alongside (reactions, participants). Every read is a bounded number of
 * indexed queries whatever the page size.
 */
export default class PostReader {
  /**
   * A page of a channel's messages (thread roots; replies live in their
   * threads), ordered by seq. Without a cursor, the latest page, whose `next`
   * continues backward (pass it as `before`).
   */
  async history(channel: Channel, page: PageParams) {
    const query = Post.query().where('channel_id', channel.id).whereNull('root_id')
    return keysetPage(query, {
      column: 'seq',
      key: (post) => post.seq,
      params: page,
      cursorType: 'number',
      fromEnd: true,
    })
  }

  /**
   * The page around the reader's first unread message: up to half the limit
   * already read, then the unread ones. `previous` continues backward,
   * `next` forward.
   */
  async aroundUnread(channel: Channel, lastReadSeq: number, limit: number) {
    const older = Math.floor(limit / 2)
    const base = () => Post.query().where('channel_id', channel.id).whereNull('root_id')
    const [read, unread] = await Promise.all([
      base()
        .where('seq', '<=', lastReadSeq)
        .orderBy('seq', 'desc')
        .limit(older + 1),
      base()
        .where('seq', '>', lastReadSeq)
        .orderBy('seq', 'asc')
        .limit(limit - older + 1),
    ])
    const before = read.slice(0, older).reverse()
    const after = unread.slice(0, limit - older)
    const data = [...before, ...after]
    return {
      data,
      previous: read.length > older && before[0] ? encodeCursor(before[0].seq) : null,
      next:
        unread.length > after.length && data.length > 0
          ? encodeCursor(data[data.length - 1].seq)
          : null,
      firstUnreadSeq: after[0]?.seq ?? null,
    }
  }

  /** A thread's replies in order, with the usual cursors. */
  async replies(root: Post, page: PageParams) {
    return keysetPage(Post.query().where('root_id', root.id), {
      column: 'seq',
      key: (post) => post.seq,
      params: page,
      cursorType: 'number',
    })
  }

  /** Pinned messages of a channel, most recent first. */
  async pinned(channel: Channel, page: PageParams) {
    const query = Post.query().where('channel_id', channel.id).whereNotNull('pinned_at')
    return keysetPage(query, {
      column: 'seq',
      key: (post) => post.seq,
      params: page,
      order: 'desc',
      cursorType: 'number',
    })
  }

  /** Reactions and thread participants of a page of posts: two queries. */
  async extras(posts: Post[]): Promise<PostExtras> {
    const reactions = new Map<string, ReactionSummary[]>()
    const participants = new Map<string, string[]>()
    const ids = posts.filter((post) => !post.isDeleted).map((post) => post.id)
    const roots = posts.filter((post) => post.replyCount > 0).map((post) => post.id)

    const [reactionRows, participantRows] = await Promise.all([
      ids.length === 0
        ? []
        : db
            .from('reactions')
            .whereIn('post_id', ids)
            .select('post_id', 'emoji', 'user_id')
            .orderBy('created_at'),
      roots.length === 0
        ? []
        : db
            .from('posts')
            .whereIn('root_id', roots)
            .groupBy('root_id', 'user_id')
            .select('root_id', 'user_id')
            .max('seq as last_seq')
            .orderBy('last_seq', 'desc'),
    ])

    for (const row of reactionRows) {
      const list = reactions.get(row.post_id) ?? []
      let summary = list.find((entry) => entry.emoji === row.emoji)
      if (!summary) list.push((summary = { emoji: row.emoji, count: 0, userIds: [] }))
      summary.count += 1
      summary.userIds.push(row.user_id)
      reactions.set(row.post_id, list)
    }
    for (const row of participantRows) {
      const list = participants.get(row.root_id) ?? []
      if (list.length < MAX_PARTICIPANTS) list.push(row.user_id)
      participants.set(row.root_id, list)
    }
    return { reactions, participants }
  }
}

import db from '@adonisjs/lucid/services/db'
import { keysetPage, encodeCursor, type PageParams } from '#app/helpers/pagination'
import {
  FILE_COLUMNS,
  fileFromRow,
  transformFile,
  type FileJson,
} from '#app/transformers/file_transformer'
import type Channel from '#chat/models/channel'
import Post from '#chat/models/post'
import type User from '#app/models/user'
import { embeds } from '#chat/services/extensions'
import {
  POST_COLUMNS,
  postFromRow,
  type PostExtras,
  type PostLike,
  type ReactionSummary,
} from '#chat/transformers/post_transformer'

const MAX_PARTICIPANTS = 10

/**
 * Reading posts: channel history, threads, pins, and what a page of posts
 * needs alongside (reactions, participants). Every read is a bounded number
 * of indexed queries whatever the page size, on raw rows (no model
 * hydration on the hot path).
 */
export default class PostReader {
  /**
   * A page of a channel's messages (thread roots, and the replies sent to the
   * channel too; other replies live in their threads), ordered by seq. Without a cursor, the latest page, whose `next`
   * continues backward (pass it as `before`).
   */
  async history(channel: Channel, page: PageParams) {
    return this.#page(this.#roots(channel), page, { fromEnd: true })
  }

  /**
   * The page around the reader's first unread message: up to half the limit
   * already read, then the unread ones. `previous` continues backward,
   * `next` forward. The reader's own posts are never unread to them (as in
   * the unread counts), so `firstUnreadSeq` is the first post after the read
   * point written by someone else.
   */
  async aroundUnread(channel: Channel, lastReadSeq: number, limit: number, readerId: string) {
    const { after, ...page } = await this.#around(channel, lastReadSeq, limit)
    const first = after.find((post) => post.userId !== readerId)
    return { ...page, firstUnreadSeq: first?.seq ?? null }
  }

  /**
   * The page around a post of the channel, for a permalink: up to half the
   * limit before it, then the post and what follows. A reply that does not
   * show in the channel is found at its thread's root. Cursors as in
   * aroundUnread.
   */
  async aroundPost(channel: Channel, post: Post, limit: number) {
    const shown = post.rootId && !post.inChannel ? await Post.findOrFail(post.rootId) : post
    const { after, ...page } = await this.#around(channel, shown.seq - 1, limit)
    return { ...page, aroundSeq: shown.seq }
  }

  /** Up to half the limit at or before `splitSeq` and the rest after it, in order. */
  async #around(channel: Channel, splitSeq: number, limit: number) {
    const older = Math.floor(limit / 2)
    const [readRows, unreadRows] = await Promise.all([
      this.#roots(channel)
        .where('seq', '<=', splitSeq)
        .orderBy('seq', 'desc')
        .limit(older + 1),
      this.#roots(channel)
        .where('seq', '>', splitSeq)
        .orderBy('seq', 'asc')
        .limit(limit - older + 1),
    ])
    const read = readRows.map(postFromRow)
    const unread = unreadRows.map(postFromRow)
    const before = read.slice(0, older).reverse()
    const after = unread.slice(0, limit - older)
    const data = [...before, ...after]
    const last = data[data.length - 1]
    return {
      data,
      previous: read.length > older && before[0] ? encodeCursor(before[0].seq) : null,
      next: unread.length > after.length && last ? encodeCursor(last.seq) : null,
      after,
    }
  }

  /** A thread's replies in order, with the usual cursors. */
  async replies(root: { id: string }, page: PageParams) {
    return this.#page(db.from('posts').select(POST_COLUMNS).where('root_id', root.id), page)
  }

  /** Pinned messages of a channel, most recent first. */
  async pinned(channel: Channel, page: PageParams) {
    const query = db
      .from('posts')
      .select(POST_COLUMNS)
      .where('channel_id', channel.id)
      .whereNotNull('pinned_at')
    return this.#page(query, page, { order: 'desc' })
  }

  /** Posts by id, as records (catch-up, saved lists). */
  async byIds(ids: string[]) {
    if (ids.length === 0) return []
    const rows = await db.from('posts').select(POST_COLUMNS).whereIn('id', ids)
    return rows.map(postFromRow)
  }

  /**
   * Reactions, thread participants and files of a page of posts (up to three
   * queries), and with a `viewer`, which of them they saved (one more) and the
   * previews they may see (a bounded few more).
   */
  async extras(posts: PostLike[], viewer?: User): Promise<PostExtras> {
    const reactions = new Map<string, ReactionSummary[]>()
    const participants = new Map<string, string[]>()
    const ids = posts.filter((post) => !post.deletedAt).map((post) => post.id)
    const roots = posts.filter((post) => post.replyCount > 0).map((post) => post.id)

    const [reactionRows, participantRows, files, savedRows, previews] = await Promise.all([
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
      this.#files(posts),
      !viewer || ids.length === 0
        ? []
        : db
            .from('saved_posts')
            .where('user_id', viewer.id)
            .whereIn('post_id', ids)
            .select('post_id'),
      viewer ? embeds.resolve(viewer, posts) : undefined,
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
    return {
      reactions,
      participants,
      files,
      ...(viewer ? { saved: new Set(savedRows.map((row) => row.post_id as string)) } : {}),
      ...(previews ? { embeds: previews } : {}),
    }
  }

  /** Files of the posts that carry any, in upload order: one query, none if no post has files. */
  async #files(posts: PostLike[]) {
    const files = new Map<string, FileJson[]>()
    const ids = posts.filter((post) => post.fileCount > 0 && !post.deletedAt).map((post) => post.id)
    if (ids.length === 0) return files
    const rows = await db
      .from('files')
      .select(FILE_COLUMNS)
      .whereIn('post_id', ids)
      .whereNull('deleted_at')
      .orderBy('id')
    for (const row of rows) {
      files.set(row.post_id, [...(files.get(row.post_id) ?? []), transformFile(fileFromRow(row))])
    }
    return files
  }

  #roots(channel: Channel) {
    return db
      .from('posts')
      .select(POST_COLUMNS)
      .where('channel_id', channel.id)
      .where('in_channel', true)
  }

  async #page(
    query: ReturnType<typeof db.from>,
    page: PageParams,
    options: { order?: 'asc' | 'desc'; fromEnd?: boolean } = {}
  ) {
    const { data, next } = await keysetPage<Record<string, any>>(query, {
      column: 'seq',
      key: (row) => Number(row.seq),
      params: page,
      cursorType: 'number',
      ...options,
    })
    return { data: data.map(postFromRow), next }
  }
}

import type User from '#app/models/user'
import db from '@adonisjs/lucid/services/db'
import { truncate } from '#app/helpers/text'
import PostReader from '#chat/services/post_reader'
import { POST_EVENTS, QUOTING_EVENTS, type Envelope } from '#chat/services/event_log'
import { transformPost } from '#chat/transformers/post_transformer'

export const MAX_CATCH_UP = 500

/** Longest quote of a post in an event (notifications). */
export const QUOTE_LENGTH = 200

/**
 * Replays a stream after a disconnect: every event after the last seq the
 * client saw, in order, each once. Post events carry the post as it is now
 * (a deleted post comes back without its text). Four queries per page.
 */
export default class CatchUpService {
  async events(stream: string, after: number, limit: number, viewer?: User) {
    const rows = await db
      .from('stream_events')
      .where('stream', stream)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(limit + 1)
      .select('seq', 'type', 'ref_id', 'data', 'created_at')
    const page = rows.slice(0, limit)

    const reader = new PostReader()
    const posts = await reader.byIds(
      page
        .filter((row) => POST_EVENTS.has(row.type) || QUOTING_EVENTS.has(row.type))
        .map((row) => row.ref_id)
    )
    const extras = await reader.extras(posts, viewer)
    const byId = new Map(posts.map((post) => [post.id, transformPost(post, extras)]))

    const data: Envelope[] = page.map((row) => ({
      type: row.type,
      seq: Number(row.seq),
      at: new Date(row.created_at).toISOString(),
      data: POST_EVENTS.has(row.type)
        ? { post: byId.get(row.ref_id) ?? null }
        : this.#data(row, byId),
    }))
    const latest = await db.from('stream_cursors').where('stream', stream).select('seq').first()
    return {
      data,
      next: rows.length > limit ? data[data.length - 1].seq : null,
      latestSeq: Number(latest?.seq ?? 0),
    }
  }

  /** A stored event's data; a quoted post's text comes from the post as it is now. */
  #data(row: Record<string, any>, posts: Map<string, { message: string }>) {
    const data = JSON.parse(row.data)
    if (QUOTING_EVENTS.has(row.type) && data.post) {
      data.post.message = truncate(posts.get(row.ref_id)?.message ?? '', QUOTE_LENGTH)
    }
    return data
  }
}

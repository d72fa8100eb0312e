import type User from '#app/models/user'
import db from '@adonisjs/lucid/services/db'
import { truncate } from '#app/helpers/text'
import PostReader from '#chat/services/post_reader'
import { visibleChannels } from '#chat/services/channel_access'
import { POST_EVENTS, QUOTING_EVENTS, latestSeq, type Envelope } from '#chat/services/event_log'
import { parseStream } from '#chat/services/stream_access'
import { transformPost } from '#chat/transformers/post_transformer'

export const MAX_CATCH_UP = 500

/** Longest quote of a post in an event (notifications). */
export const QUOTE_LENGTH = 200

type StoredEvent = { seq: number; type: string; refId: string; data: any; at: Date | string }

/**
 * Replays a stream after a disconnect: every event after the last seq the
 * client saw, in order, each once. Post events carry the post as it is now
 * (a deleted post comes back without its text). What the reader may no
 * longer see is left out: a quote from a channel they cannot see comes back
 * empty, and a team stream skips channels they cannot see (a guest's). A
 * bounded few queries per page whatever its size.
 */
export default class CatchUpService {
  async events(stream: string, after: number, limit: number, viewer: User) {
    const rows = await db
      .from('stream_events')
      .where('stream', stream)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(limit + 1)
      .select('seq', 'type', 'ref_id', 'data', 'created_at')
    const page: StoredEvent[] = rows.slice(0, limit).map((row) => ({
      seq: Number(row.seq),
      type: row.type,
      refId: row.ref_id,
      data: JSON.parse(row.data),
      at: row.created_at,
    }))

    const reader = new PostReader()
    const posts = await reader.byIds(
      page
        .filter((event) => POST_EVENTS.has(event.type) || QUOTING_EVENTS.has(event.type))
        .map((event) => event.refId)
    )
    const channelIds = [
      ...posts.map((post) => post.channelId),
      ...page.flatMap((event) => (event.data.channel?.id ? [event.data.channel.id] : [])),
    ]
    const [extras, visible] = await Promise.all([
      reader.extras(posts, viewer),
      visibleChannels(viewer, channelIds),
    ])
    const byId = new Map(posts.map((post) => [post.id, transformPost(post, extras)]))
    const readable = new Set(
      posts.filter((post) => visible.has(post.channelId)).map((post) => post.id)
    )

    const onTeam = parseStream(stream)?.kind === 'teams'
    const data: Envelope[] = page
      .filter((event) => !onTeam || !event.data.channel || visible.has(event.data.channel.id))
      .map((event) => ({
        type: event.type,
        seq: event.seq,
        at: new Date(event.at).toISOString(),
        data: POST_EVENTS.has(event.type)
          ? { post: byId.get(event.refId) ?? null }
          : this.#quoted(event, byId, readable),
      }))
    const latest = await latestSeq(stream)
    return {
      data,
      next: rows.length > limit ? page[page.length - 1].seq : null,
      latestSeq: latest,
    }
  }

  /**
   * A stored event's data; a quoted post's text comes from the post as it is
   * now, and only when the reader may still read it.
   */
  #quoted(event: StoredEvent, posts: Map<string, { message: string }>, readable: Set<string>) {
    const data = event.data
    if (QUOTING_EVENTS.has(event.type) && data.post) {
      const text = readable.has(event.refId) ? posts.get(event.refId)?.message : ''
      data.post.message = truncate(text ?? '', QUOTE_LENGTH)
    }
    return data
  }
}

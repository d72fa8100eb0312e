import db from '@adonisjs/lucid/services/db'
import type User from '#app/models/user'
import { keysetPage, type PageParams } from '#app/helpers/pagination'
import { isoFromDb } from '#app/helpers/dates'
import PostReader from '#chat/services/post_reader'
import type { NotificationKind } from '#chat/services/notification_service'
import { transformPost } from '#chat/transformers/post_transformer'

export type FeedParams = PageParams & { teamId?: string; kind?: NotificationKind }

/**
 * A user's mentions, replies and direct messages, newest first, from the
 * channels they are still in. Five queries a page whatever its size.
 */
export default class NotificationFeed {
  async list(user: User, params: FeedParams) {
    const query = db
      .from('notifications as n')
      .join('channel_members as cm', (join) => {
        join.on('cm.channel_id', '=', 'n.channel_id').andOn('cm.user_id', '=', 'n.user_id')
      })
      .join('channels as c', 'c.id', 'n.channel_id')
      .join('users as a', 'a.id', 'n.actor_id')
      .where('n.user_id', user.id)
      .select('n.id', 'n.kind', 'n.post_id', 'n.created_at')
      .select('c.id as channel_id', 'c.team_id', 'c.name', 'c.display_name', 'c.type')
      .select('a.id as actor_id', 'a.username', 'a.display_name as actor_display_name')
    if (params.teamId) query.where('n.team_id', params.teamId)
    if (params.kind) query.where('n.kind', params.kind)

    const { data: rows, next } = await keysetPage<Record<string, any>>(query, {
      column: 'n.id',
      key: (row) => Number(row.id),
      params: { after: params.after, limit: params.limit ?? 30 },
      order: 'desc',
      cursorType: 'number',
    })
    const reader = new PostReader()
    const found = await reader.byIds(rows.map((row) => row.post_id))
    const posts = new Map(found.map((post) => [post.id, post]))
    const extras = await reader.extras([...posts.values()], user)
    const data = rows
      .filter((row) => posts.has(row.post_id))
      .map((row) => ({
        id: Number(row.id),
        kind: row.kind as NotificationKind,
        createdAt: isoFromDb(row.created_at),
        post: transformPost(posts.get(row.post_id)!, extras),
        channel: {
          id: row.channel_id,
          teamId: row.team_id,
          name: row.name,
          displayName: row.display_name,
          type: row.type,
        },
        actor: { id: row.actor_id, username: row.username, displayName: row.actor_display_name },
      }))
    return { data, next }
  }
}

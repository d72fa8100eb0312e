import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import { keysetPage, type PageParams } from '#app/helpers/pagination'
import type Post from '#chat/models/post'
import type { ChannelAccess } from '#chat/services/channel_access'
import { assertWritable } from '#chat/services/channel_service'
import { withEvents } from '#chat/services/event_log'
import { POST_COLUMNS, postFromRow, transformPost } from '#chat/transformers/post_transformer'
import PostReader from '#chat/services/post_reader'

/** Most different emoji one post can carry. */
export const MAX_EMOJI_PER_POST = 50

/**
 * What people do to existing posts: reactions, pins, saves.
 */
export default class PostActionService {
  /** Adds the user's reaction; reacting twice with one emoji changes nothing. */
  async react(user: User, access: ChannelAccess, post: Post, emoji: string) {
    this.#assertLive(access, post)
    const existing = await db.from('reactions').where('post_id', post.id).select('emoji', 'user_id')
    if (existing.some((row) => row.emoji === emoji && row.user_id === user.id)) return false
    const emojis = new Set(existing.map((row) => row.emoji))
    if (!emojis.has(emoji) && emojis.size >= MAX_EMOJI_PER_POST) {
      throw ApiError.conflict(
        'too_many_reactions',
        'This post has as many different reactions as it can'
      )
    }
    await withEvents(async (trx, recorder) => {
      await trx
        .table('reactions')
        .insert({ post_id: post.id, user_id: user.id, emoji, created_at: new Date() })
        .knexQuery.onConflict(['post_id', 'user_id', 'emoji'])
        .ignore()
      await recorder.record(access.channel.stream, 'reaction.added', {
        postId: post.id,
        userId: user.id,
        emoji,
      })
    })
    return true
  }

  /** Removes the user's reaction; removing one that is not there changes nothing. */
  async unreact(user: User, access: ChannelAccess, post: Post, emoji: string) {
    assertWritable(access.channel)
    return withEvents(async (trx, recorder) => {
      const removed = await trx
        .from('reactions')
        .where({ post_id: post.id, user_id: user.id, emoji })
        .delete()
      if (Number(removed) === 0) return false
      await recorder.record(access.channel.stream, 'reaction.removed', {
        postId: post.id,
        userId: user.id,
        emoji,
      })
      return true
    })
  }

  /** Pins or unpins a message for everyone in the channel. */
  async setPinned(access: ChannelAccess, post: Post, pinned: boolean) {
    this.#assertLive(access, post)
    if (Boolean(post.pinnedAt) === pinned) return post
    const extras = await new PostReader().extras([post])
    return withEvents(async (trx, recorder) => {
      post.pinnedAt = pinned ? DateTime.now() : null
      await post.useTransaction(trx).save()
      await recorder.record(
        access.channel.stream,
        pinned ? 'post.pinned' : 'post.unpinned',
        { post: transformPost(post, extras) },
        { refId: post.id }
      )
      return post
    })
  }

  /** Saves a post for later, for the user alone (their other sessions hear of it). */
  async setSaved(user: User, post: Post, saved: boolean) {
    const row = { user_id: user.id, post_id: post.id }
    const present = await db.from('saved_posts').where(row).first()
    if (Boolean(present) === saved) return
    await withEvents(async (trx, recorder) => {
      if (saved) {
        await trx
          .table('saved_posts')
          .insert({ ...row, created_at: new Date() })
          .knexQuery.onConflict(['user_id', 'post_id'])
          .ignore()
      } else {
        await trx.from('saved_posts').where(row).delete()
      }
      await recorder.record(`users/${user.id}`, saved ? 'post.saved' : 'post.unsaved', {
        postId: post.id,
        channelId: post.channelId,
      })
    })
  }

  /** The user's saved posts, newest saves first, from channels they are still in. */
  async saved(user: User, page: PageParams) {
    const query = db
      .from('posts')
      .join('saved_posts', 'saved_posts.post_id', 'posts.id')
      .join('channel_members', (join) => {
        join
          .on('channel_members.channel_id', '=', 'posts.channel_id')
          .andOnVal('channel_members.user_id', '=', user.id)
      })
      .where('saved_posts.user_id', user.id)
      .select(...POST_COLUMNS, 'saved_posts.id as saved_id')
    const { data, next } = await keysetPage<Record<string, any>>(query, {
      column: 'saved_posts.id',
      key: (row) => Number(row.saved_id),
      params: page,
      order: 'desc',
      cursorType: 'number',
    })
    return { data: data.map(postFromRow), next }
  }

  #assertLive(access: ChannelAccess, post: Post) {
    assertWritable(access.channel)
    if (post.isDeleted) throw ApiError.conflict('post_deleted', 'This post was deleted')
  }
}

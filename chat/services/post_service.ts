import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import { isUniqueViolation } from '#app/helpers/database'
import { dbTimestamp } from '#app/helpers/dates'
import Post, { type PostProps } from '#chat/models/post'
import type Channel from '#chat/models/channel'
import PostEdit from '#chat/models/post_edit'
import { findVisibleChannel, type ChannelAccess } from '#chat/services/channel_access'
import { assertWritable } from '#chat/services/channel_service'
import { nextSeq, withEvents, type EventRecorder, type EventScope } from '#chat/services/event_log'
import { parseMentions } from '#chat/services/mentions'
import SearchIndex from '#chat/services/search/search_index'
import PostReader from '#chat/services/post_reader'
import NotificationService from '#chat/services/notification_service'
import FileService from '#chat/services/file_service'
import { newPostExtras, transformPost } from '#chat/transformers/post_transformer'

type NewPost = { message: string; clientId?: string; rootId?: string; fileIds?: string[] }

/** A post the server writes for someone (card activity, reminders), see `createSystem`. */
export type SystemPost = {
  userId: string
  type: string
  message: string
  props?: PostProps | null
  rootId?: string | null
  /** Whether a reply also shows in the channel's history (a root always does unless false). */
  inChannel?: boolean
  /** People who follow the thread from now on (a root's author always does). */
  followers?: string[]
}

/** Work done in a system post's transaction once it exists, e.g. its notifications. */
export type AfterPost = (
  trx: TransactionClientContract,
  recorder: EventRecorder,
  post: Post
) => Promise<void>

type Thread = { root: Post; teamId: string }

function followRow(thread: Thread, userId: string) {
  return {
    user_id: userId,
    root_id: thread.root.id,
    channel_id: thread.root.channelId,
    team_id: thread.teamId,
    following: true,
  }
}

/**
 * Posting, editing and deleting messages and replies.
 */
export default class PostService {
  /**
   * Loads a post the user may see (through its channel); anything else is a
   * 404, like a post that does not exist.
   */
  async findVisible(user: User, postId: string) {
    const post = isId(postId) ? await Post.find(postId) : null
    if (!post) throw ApiError.notFound('Post')
    const access = await findVisibleChannel(user, post.channelId).catch(() => {
      throw ApiError.notFound('Post')
    })
    return { post, access }
  }

  /** The root of a reply's thread (same channel, so as visible as the reply). */
  async rootOf(reply: Post) {
    return Post.findOrFail(reply.rootId)
  }

  /**
   * Posts a message or a reply. A `clientId` makes the send idempotent: a
   * retry returns the post the first attempt made (`created: false`). A
   * reply to a reply joins the root's thread.
   */
  async create(author: User, access: ChannelAccess, params: NewPost) {
    const { channel } = access
    assertWritable(channel)
    if (params.clientId) {
      const earlier = await this.#byClientId(author, params.clientId)
      if (earlier) return this.#retried(earlier, channel.id)
    }
    const root = params.rootId ? await this.#threadRoot(channel.id, params.rootId) : null
    const mentions = parseMentions(params.message)
    const mentioned = await this.#members(channel.id, mentions.usernames, author.id)

    try {
      const post = await withEvents(async (trx, recorder) => {
        const seq = await nextSeq(trx, channel.stream)
        const created = await Post.create(
          {
            channelId: channel.id,
            userId: author.id,
            seq,
            rootId: root?.id ?? null,
            clientId: params.clientId ?? null,
            type: '',
            message: params.message,
            props: null,
            inChannel: root === null,
            mentionsAll: mentions.everyone,
            replyCount: 0,
          },
          { client: trx }
        )
        const files = await new FileService().attach(trx, created, params.fileIds)
        await this.#storeMentions(trx, created, mentioned)
        const thread = { root: root ?? created, teamId: channel.teamId }
        if (root) await this.#addReply(trx, thread, created, mentioned)
        else await this.#follow(trx, thread, mentioned)
        await new SearchIndex(trx).save([created])
        await recorder.record(
          channel.stream,
          'post.created',
          { post: transformPost(created, newPostExtras(created, files)) },
          { refId: created.id, seq }
        )
        await new NotificationService(trx).notifyPost(recorder, {
          post: created,
          channel,
          author,
          mentioned,
          everyone: mentions.everyone,
          onlyOnline: mentions.onlyOnline,
        })
        return created
      })
      return { post, created: true }
    } catch (error) {
      if (!params.clientId || !isUniqueViolation(error)) throw error
      const raced = await this.#byClientId(author, params.clientId)
      if (!raced) throw error
      return this.#retried(raced, channel.id)
    }
  }

  /**
   * Writes a post on the server's behalf: no mentions are parsed and no one
   * is notified but by `after`. A reply counts in its thread like any other,
   * and shows in the channel only when `inChannel` says so; a root outside
   * `channel` is no thread of its (404). In a `scope`, it is part of the
   * caller's transaction (a board import's threads).
   */
  async createSystem(channel: Channel, params: SystemPost, after?: AfterPost, scope?: EventScope) {
    return withEvents(async (trx, recorder) => {
      const root = params.rootId
        ? await Post.query({ client: trx })
            .where('id', params.rootId)
            .where('channel_id', channel.id)
            .first()
        : null
      if (params.rootId && !root) throw ApiError.notFound('Thread')
      const seq = await nextSeq(trx, channel.stream)
      const post = await Post.create(
        {
          channelId: channel.id,
          userId: params.userId,
          seq,
          rootId: root?.id ?? null,
          clientId: null,
          type: params.type,
          message: params.message,
          props: params.props ?? null,
          inChannel: params.inChannel ?? root === null,
          mentionsAll: false,
          replyCount: 0,
        },
        { client: trx }
      )
      const thread = { root: root ?? post, teamId: channel.teamId }
      if (root) await this.#bumpRoot(trx, thread, post)
      await this.#follow(trx, thread, [...(root ? [] : [post.userId]), ...(params.followers ?? [])])
      await new SearchIndex(trx).save([post])
      await recorder.record(
        channel.stream,
        'post.created',
        { post: transformPost(post, newPostExtras(post, [])) },
        { refId: post.id, seq }
      )
      if (after) await after(trx, recorder, post)
      return post
    }, scope)
  }

  /**
   * Rewrites a post in place (coalesced activity, a card's changed title, a
   * message's cards): no edit history, the same `post.edited` event as an
   * edit. A post outside `channel` is not found there (404).
   */
  async updateSystem(
    channel: Channel,
    post: Post,
    changes: { message?: string; props?: PostProps | null },
    after?: AfterPost
  ) {
    if (post.channelId !== channel.id) throw ApiError.notFound('Post')
    const extras = await new PostReader().extras([post])
    return withEvents(async (trx, recorder) => {
      post.merge(changes)
      await post.useTransaction(trx).save()
      await new SearchIndex(trx).save([post])
      await recorder.record(
        channel.stream,
        'post.edited',
        { post: transformPost(post, extras) },
        { refId: post.id }
      )
      if (after) await after(trx, recorder, post)
      return post
    })
  }

  /** Makes people follow a thread (those who already do, or chose not to, are left as they are). */
  async followThread(
    trx: TransactionClientContract,
    root: Post,
    teamId: string,
    userIds: string[]
  ) {
    await this.#follow(trx, { root, teamId }, userIds)
  }

  /** Edits one's own post, keeping the previous text in its history. */
  async edit(user: User, access: ChannelAccess, post: Post, message: string) {
    assertWritable(access.channel)
    if (post.userId !== user.id) {
      throw ApiError.forbidden('Only the author can edit a post', 'not_author')
    }
    if (post.type !== '') {
      throw ApiError.forbidden('Posts written by Hearth cannot be edited', 'system_post')
    }
    if (post.isDeleted) throw ApiError.conflict('post_deleted', 'This post was deleted')
    if (post.message === message) return post
    const mentions = parseMentions(message)
    const mentioned = await this.#members(post.channelId, mentions.usernames, user.id)
    // The event carries the whole post, so its files and reactions too.
    const extras = await new PostReader().extras([post])

    return withEvents(async (trx, recorder) => {
      await PostEdit.create({ postId: post.id, message: post.message }, { client: trx })
      post.merge({ message, mentionsAll: mentions.everyone, editedAt: DateTime.now() })
      await post.useTransaction(trx).save()
      await trx.from('post_mentions').where('post_id', post.id).delete()
      await this.#storeMentions(trx, post, mentioned)
      await new SearchIndex(trx).save([post])
      await recorder.record(
        access.channel.stream,
        'post.edited',
        { post: transformPost(post, extras) },
        { refId: post.id }
      )
      return post
    })
  }

  /**
   * Deletes a post: its text, edit history, reactions and mentions are gone;
   * its place and its thread stay. Authors delete their own posts; channel,
   * team and system admins anyone's (`canModerate`).
   */
  async delete(user: User, access: ChannelAccess, post: Post, canModerate: boolean) {
    assertWritable(access.channel)
    if (post.userId !== user.id && !canModerate) {
      throw ApiError.forbidden('Only the author or an admin can delete this post', 'not_author')
    }
    if (post.isDeleted) return post
    return withEvents(async (trx, recorder) => {
      post.merge({ message: '', deletedAt: DateTime.now(), pinnedAt: null })
      await post.useTransaction(trx).save()
      for (const table of [
        'post_edits',
        'post_mentions',
        'reactions',
        'post_search',
        'notifications',
      ]) {
        await trx.from(table).where('post_id', post.id).delete()
      }
      await new FileService().deleteWithPost(trx, post)
      if (post.rootId) {
        await trx.from('posts').where('id', post.rootId).decrement('reply_count', 1)
      }
      await recorder.record(
        access.channel.stream,
        'post.deleted',
        { post: transformPost(post) },
        { refId: post.id }
      )
      return post
    })
  }

  /** Earlier texts of an edited post, oldest first. */
  async edits(post: Post) {
    return PostEdit.query().where('post_id', post.id).orderBy('id', 'asc').limit(100)
  }

  async #byClientId(author: User, clientId: string) {
    return Post.query().where({ user_id: author.id, client_id: clientId }).first()
  }

  #retried(post: Post, channelId: string) {
    if (post.channelId !== channelId) {
      throw ApiError.conflict('client_id_reused', 'This clientId was used for another channel')
    }
    return { post, created: false }
  }

  async #threadRoot(channelId: string, rootId: string) {
    let root = isId(rootId) ? await Post.find(rootId) : null
    if (root?.rootId) root = await Post.find(root.rootId)
    if (!root || root.channelId !== channelId) throw ApiError.notFound('Thread')
    if (root.isDeleted) {
      throw ApiError.invalid('rootId', 'root_deleted', 'This thread was deleted')
    }
    return root
  }

  /** Ids of the channel's members among the mentioned usernames (not the author). */
  async #members(channelId: string, usernames: string[], authorId: string) {
    if (usernames.length === 0) return []
    const rows = await db
      .from('users')
      .join('channel_members', 'channel_members.user_id', 'users.id')
      .where('channel_members.channel_id', channelId)
      .whereIn('users.username', usernames)
      .whereNot('users.id', authorId)
      .select('users.id')
    return rows.map((row) => row.id as string)
  }

  async #storeMentions(trx: TransactionClientContract, post: Post, userIds: string[]) {
    if (userIds.length === 0) return
    await trx.table('post_mentions').multiInsert(
      userIds.map((userId) => ({
        post_id: post.id,
        user_id: userId,
        channel_id: post.channelId,
        root_id: post.rootId,
        seq: post.seq,
      }))
    )
  }

  /**
   * A reply bumps its root; its author follows the thread having read it,
   * and the root's author and the mentioned follow it too.
   */
  async #addReply(
    trx: TransactionClientContract,
    thread: Thread,
    reply: Post,
    mentioned: string[]
  ) {
    await this.#bumpRoot(trx, thread, reply)
    await trx
      .table('thread_follows')
      .insert({ ...followRow(thread, reply.userId), last_read_seq: reply.seq })
      .knexQuery.onConflict(['user_id', 'root_id'])
      .merge({ following: true, last_read_seq: reply.seq })
    const others = [thread.root.userId, ...mentioned].filter((id) => id !== reply.userId)
    await this.#follow(trx, thread, others)
  }

  /** Counts a reply on its root. */
  async #bumpRoot(trx: TransactionClientContract, thread: Thread, reply: Post) {
    await trx
      .from('posts')
      .where('id', thread.root.id)
      .update({
        reply_count: db.raw('reply_count + 1'),
        last_reply_at: dbTimestamp(trx, reply.createdAt),
        last_reply_id: reply.id,
      })
  }

  /** Makes people follow a thread they do not follow yet. */
  async #follow(trx: TransactionClientContract, thread: Thread, userIds: string[]) {
    const unique = [...new Set(userIds)]
    if (unique.length === 0) return
    await trx
      .table('thread_follows')
      .multiInsert(unique.map((userId) => followRow(thread, userId)))
      .knexQuery.onConflict(['user_id', 'root_id'])
      .ignore()
  }
}

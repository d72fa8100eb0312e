import type { HttpContext } from '@adonisjs/core/http'
import { DEFAULT_PAGE_SIZE } from '#app/helpers/pagination'
import ChannelPolicy from '#chat/policies/channel_policy'
import PostService from '#chat/services/post_service'
import { embeds } from '#chat/services/extensions'
import PostReader from '#chat/services/post_reader'
import { latestSeq } from '#chat/services/event_log'
import { findVisibleChannel } from '#chat/services/channel_access'
import {
  createPostValidator,
  historyValidator,
  updatePostValidator,
} from '#chat/validators/post_validators'
import { transformPost } from '#chat/transformers/post_transformer'
import { iso } from '#app/helpers/dates'
import ApiError from '#app/exceptions/api_error'
import type User from '#app/models/user'
import type Channel from '#chat/models/channel'

export default class PostsController {
  /**
   * Channel history: cursors, or `?around=unread` for the page at the first unread, or
   * `?around=<postId>` for the page at a post (a permalink).
   */
  async index({ auth, params, request }: HttpContext) {
    const { channel, membership } = await findVisibleChannel(auth.user!, params.id)
    const { around, ...page } = await request.validateUsing(historyValidator, {
      data: request.qs(),
    })
    const reader = new PostReader()
    const limit = page.limit ?? DEFAULT_PAGE_SIZE
    // Read first: the page then holds every event up to it (catch-up resumes there).
    const seq = await latestSeq(channel.stream)
    if (around) {
      const result =
        around === 'unread'
          ? await reader.aroundUnread(channel, membership?.lastReadSeq ?? 0, limit, auth.user!.id)
          : await reader.aroundPost(channel, await this.#postIn(auth.user!, channel, around), limit)
      const extras = await reader.extras(result.data, auth.user!)
      const data = result.data.map((post) => transformPost(post, extras))
      return { ...result, data, latestSeq: seq }
    }
    const { data, next } = await reader.history(channel, page)
    const extras = await reader.extras(data, auth.user!)
    return { data: data.map((post) => transformPost(post, extras)), next, latestSeq: seq }
  }

  /** 201 for a new post; 200 with the same post for a retried clientId. */
  async store({ auth, bouncer, params, request, response }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    const { message = '', ...payload } = await request.validateUsing(createPostValidator)
    const service = new PostService()
    const { post, created } = await service.create(auth.user!, access, { message, ...payload })
    // A new post has no reactions or replies yet: read extras only for a retry, files or previews.
    const plain = created && !post.fileCount && !embeds.mayEmbed(post)
    const extras = plain ? undefined : await new PostReader().extras([post], auth.user!)
    return response.status(created ? 201 : 200).send(transformPost(post, extras))
  }

  async show({ auth, params }: HttpContext) {
    const { post } = await new PostService().findVisible(auth.user!, params.id)
    const extras = await new PostReader().extras([post], auth.user!)
    return transformPost(post, extras)
  }

  async update({ auth, bouncer, params, request }: HttpContext) {
    const service = new PostService()
    const { post, access } = await service.findVisible(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    const { message } = await request.validateUsing(updatePostValidator)
    const edited = await service.edit(auth.user!, access, post, message)
    return transformPost(edited, await new PostReader().extras([edited], auth.user!))
  }

  async destroy({ auth, bouncer, params, response }: HttpContext) {
    const service = new PostService()
    const { post, access } = await service.findVisible(auth.user!, params.id)
    const canModerate = await bouncer.with(ChannelPolicy).allows('manage', access)
    if (!canModerate) await bouncer.with(ChannelPolicy).authorize('participate', access)
    await service.delete(auth.user!, access, post, canModerate)
    return response.noContent()
  }

  /** The earlier texts of an edited post, for anyone who can see it. */
  async edits({ auth, params }: HttpContext) {
    const service = new PostService()
    const { post } = await service.findVisible(auth.user!, params.id)
    const edits = await service.edits(post)
    return {
      data: edits.map((edit) => ({ message: edit.message, replacedAt: iso(edit.createdAt) })),
      next: null,
    }
  }

  /** A post of this channel the caller can see; any other is a 404. */
  async #postIn(user: User, channel: Channel, postId: string) {
    const { post } = await new PostService().findVisible(user, postId)
    if (post.channelId !== channel.id) throw ApiError.notFound('Post')
    return post
  }
}

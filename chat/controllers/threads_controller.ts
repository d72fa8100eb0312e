import type { HttpContext } from '@adonisjs/core/http'
import { pageValidator } from '#app/helpers/pagination'
import ApiError from '#app/exceptions/api_error'
import ChannelPolicy from '#chat/policies/channel_policy'
import PostService from '#chat/services/post_service'
import PostReader from '#chat/services/post_reader'
import ReadStateService from '#chat/services/read_state_service'
import { transformPost } from '#chat/transformers/post_transformer'

export default class ThreadsController {
  /** A thread: its root and a page of replies in order. Any post of it names it. */
  async show({ auth, params, request }: HttpContext) {
    const service = new PostService()
    const { post } = await service.findVisible(auth.user!, params.id)
    const root = post.rootId ? await service.rootOf(post) : post
    const page = await pageValidator.validate(request.qs())
    const reader = new PostReader()
    const [{ data, next }, state] = await Promise.all([
      reader.replies(root, page),
      new ReadStateService().threadState(auth.user!, root.id),
    ])
    const extras = await reader.extras([root, ...data], auth.user!)
    return {
      root: transformPost(root, extras),
      data: data.map((reply) => transformPost(reply, extras)),
      next,
      ...state,
    }
  }

  /** Threads the caller follows in a team, most recently active first. */
  async index({ auth, request, teamAccess }: HttpContext) {
    const page = await pageValidator.validate(request.qs())
    const { data, next } = await new ReadStateService().followedThreads(
      auth.user!,
      teamAccess.team.id,
      page
    )
    const extras = await new PostReader().extras(
      data.map((entry) => entry.root),
      auth.user!
    )
    return {
      data: data.map((entry) => ({
        root: transformPost(entry.root, extras),
        lastReadSeq: entry.lastReadSeq,
        unreadReplies: entry.unread,
        mentions: entry.mentions,
      })),
      next,
    }
  }

  /** Marks every thread the caller follows in a team read; answers the ones that moved. */
  async readAll({ auth, teamAccess }: HttpContext) {
    const moved = await new ReadStateService().markAllThreadsRead(auth.user!, teamAccess.team.id)
    return { data: moved }
  }

  async read({ auth, bouncer, params }: HttpContext) {
    const { root, access } = await this.#root(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    return new ReadStateService().markThreadRead(auth.user!, access, root)
  }

  async follow(ctx: HttpContext) {
    return this.#setFollowing(ctx, true)
  }

  async unfollow(ctx: HttpContext) {
    return this.#setFollowing(ctx, false)
  }

  async #setFollowing({ auth, bouncer, params, response }: HttpContext, following: boolean) {
    const { root, access } = await this.#root(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    await new ReadStateService().setFollowing(auth.user!, access, root, following)
    return response.noContent()
  }

  async #root(user: NonNullable<HttpContext['auth']['user']>, postId: string) {
    const { post, access } = await new PostService().findVisible(user, postId)
    if (post.rootId) throw ApiError.invalid('id', 'not_a_root', 'Name the thread by its root post')
    return { root: post, access }
  }
}

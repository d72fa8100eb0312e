import type User from '#app/models/user'
import type { HttpContext } from '@adonisjs/core/http'
import { pageValidator } from '#app/helpers/pagination'
import ApiError from '#app/exceptions/api_error'
import ChannelPolicy from '#chat/policies/channel_policy'
import PostService from '#chat/services/post_service'
import PostReader from '#chat/services/post_reader'
import PostActionService from '#chat/services/post_action_service'
import { findVisibleChannel } from '#chat/services/channel_access'
import { EMOJI } from '#chat/validators/post_validators'
import { transformPost } from '#chat/transformers/post_transformer'

/** Reactions, pins and saves. */
export default class PostActionsController {
  async react(ctx: HttpContext) {
    return this.#reaction(ctx, true)
  }

  async unreact(ctx: HttpContext) {
    return this.#reaction(ctx, false)
  }

  async pin(ctx: HttpContext) {
    return this.#pin(ctx, true)
  }

  async unpin(ctx: HttpContext) {
    return this.#pin(ctx, false)
  }

  async save(ctx: HttpContext) {
    return this.#save(ctx, true)
  }

  async unsave(ctx: HttpContext) {
    return this.#save(ctx, false)
  }

  /** A channel's pinned messages, newest first. */
  async pins({ auth, params, request }: HttpContext) {
    const { channel } = await findVisibleChannel(auth.user!, params.id)
    return this.#page(
      auth.user!,
      await new PostReader().pinned(channel, await pageValidator.validate(request.qs()))
    )
  }

  /** The caller's saved messages, newest saves first. */
  async saved({ auth, request }: HttpContext) {
    const page = await pageValidator.validate(request.qs())
    return this.#page(auth.user!, await new PostActionService().saved(auth.user!, page))
  }

  async #reaction({ auth, bouncer, params, response }: HttpContext, add: boolean) {
    const emoji = String(params.emoji)
    if (!EMOJI.test(emoji)) throw ApiError.invalid('emoji', 'invalid_emoji', 'Not an emoji name')
    const { post, access } = await new PostService().findVisible(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    const service = new PostActionService()
    if (add) await service.react(auth.user!, access, post, emoji)
    else await service.unreact(auth.user!, access, post, emoji)
    return response.noContent()
  }

  async #pin({ auth, bouncer, params }: HttpContext, pinned: boolean) {
    const { post, access } = await new PostService().findVisible(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    const updated = await new PostActionService().setPinned(access, post, pinned)
    return transformPost(updated, await new PostReader().extras([updated], auth.user!))
  }

  async #save({ auth, params, response }: HttpContext, saved: boolean) {
    const { post } = await new PostService().findVisible(auth.user!, params.id)
    await new PostActionService().setSaved(auth.user!, post, saved)
    return response.noContent()
  }

  async #page(
    viewer: User,
    {
      data,
      next,
    }: {
      data: Parameters<typeof transformPost>[0][]
      next: string | null
    }
  ) {
    const extras = await new PostReader().extras(data, viewer)
    return { data: data.map((post) => transformPost(post, extras)), next }
  }
}

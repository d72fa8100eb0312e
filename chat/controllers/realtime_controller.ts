import type { HttpContext } from '@adonisjs/core/http'
import transmit from '@adonisjs/transmit/services/main'
import vine from '@vinejs/vine'
import ApiError from '#app/exceptions/api_error'
import { credentialOf } from '#app/auth/credentials'
import { canFollowStream } from '#chat/services/stream_access'
import { connections } from '#chat/realtime/connections'
import { presence } from '#chat/realtime/presence'
import { announcePresence } from '#chat/realtime/presence_announcer'

/** Live SSE connections one account may hold at once (tabs, devices, bots). */
export const MAX_STREAMS_PER_USER = 20

const uidValidator = vine.create({ uid: vine.string().regex(/^[A-Za-z0-9_-]{8,64}$/) })
const subscriptionValidator = vine.create({
  uid: vine.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  channel: vine.string().maxLength(80),
})

/**
 * Transmit's three endpoints, behind our authentication: open a stream,
 * subscribe it to a channel, unsubscribe. A connection (uid) belongs to the
 * user who opened it and names one stream: opening it again ends the older
 * one. Subscriptions follow the same rules as catch-up.
 */
export default class RealtimeController {
  async stream(ctx: HttpContext) {
    const { uid } = await uidValidator.validate(ctx.request.qs())
    const user = ctx.auth.user!
    const owner = connections.ownerOf(uid)
    if (owner && owner !== user.id) {
      throw ApiError.forbidden('This connection id is taken', 'uid_taken')
    }
    if (!owner && connections.uidsOf(user.id).length >= MAX_STREAMS_PER_USER) {
      throw new ApiError(
        429,
        'too_many_streams',
        `An account may hold ${MAX_STREAMS_PER_USER} live streams at once`
      )
    }

    // Transmit keys subscriptions by uid: the older stream must be gone before this one exists.
    await connections.release(uid)
    const response = ctx.response.response
    const stream = transmit.createStream({
      uid,
      context: ctx,
      request: ctx.request.request,
      response,
      injectResponseHeaders: ctx.response.getHeaders(),
    })
    const wasOnline = connections.isConnected(user.id)
    connections.add({ uid, user, credential: credentialOf(ctx), stream, response })
    presence.touch(user.id)
    if (!wasOnline) await announcePresence(user.id)
    return ctx.response.stream(stream)
  }

  async subscribe(ctx: HttpContext) {
    const { uid, channel } = await ctx.request.validateUsing(subscriptionValidator)
    this.#assertOwner(ctx, uid)
    if (!(await canFollowStream(ctx.auth.user!, channel))) throw ApiError.notFound('Stream')
    const subscribed = await transmit.subscribe({
      uid,
      channel,
      context: ctx,
      skipAuthorization: true,
    })
    if (!subscribed) throw ApiError.notFound('Connection')
    return ctx.response.noContent()
  }

  async unsubscribe(ctx: HttpContext) {
    const { uid, channel } = await ctx.request.validateUsing(subscriptionValidator)
    this.#assertOwner(ctx, uid)
    await transmit.unsubscribe({ uid, channel, context: ctx })
    return ctx.response.noContent()
  }

  #assertOwner(ctx: HttpContext, uid: string) {
    if (connections.ownerOf(uid) !== ctx.auth.user!.id) throw ApiError.notFound('Connection')
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import ApiError from '#app/exceptions/api_error'
import ChannelPolicy from '#chat/policies/channel_policy'
import UserService from '#app/services/user_service'
import { findVisibleChannel } from '#chat/services/channel_access'
import { dispatchEphemeral } from '#chat/services/event_log'
import { presence } from '#chat/realtime/presence'
import { TYPING_TTL_MS, typingGate } from '#chat/realtime/typing'
import { announcePresence, statusOf, statusesOf } from '#chat/realtime/presence_announcer'
import {
  presenceQueryValidator,
  presenceValidator,
  typingValidator,
} from '#chat/validators/post_validators'
import { isId } from '#app/helpers/ids'

/** Small, frequent, never-stored signals: typing and presence. */
export default class SignalsController {
  /**
   * "I am typing" in a channel or thread; clients hide it after `expiresInMs`.
   * Repeats within two seconds are accepted but not broadcast again.
   */
  async typing({ auth, bouncer, params, request, response }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    if (access.channel.isArchived) {
      throw ApiError.forbidden('This channel is archived and read-only', 'channel_archived')
    }
    const { rootId } = await request.validateUsing(typingValidator)
    if (typingGate.admit(auth.user!.id, access.channel.id, rootId ?? null)) {
      await dispatchEphemeral(access.channel.stream, 'typing', {
        userId: auth.user!.id,
        rootId: rootId ?? null,
        expiresInMs: TYPING_TTL_MS,
      })
    }
    return response.noContent()
  }

  /** A heartbeat: online (active) or away; `dnd` answers while do-not-disturb lasts. */
  async heartbeat({ auth, request }: HttpContext) {
    const { status } = await request.validateUsing(presenceValidator)
    const userId = auth.user!.id
    const before = presence.touch(userId, status === 'away')
    const now = await statusOf(userId)
    // A do-not-disturb that just ended is told here too, at the next beat.
    if ((presence.told(userId) ?? before) !== now) await announcePresence(userId, now)
    return { userId, status: now }
  }

  /** Presence of up to 200 people the caller may see (others are left out). */
  async presence({ auth, request }: HttpContext) {
    const raw = request.qs().ids
    const { ids } = await presenceQueryValidator.validate({
      ids: Array.isArray(raw) ? raw.join(',') : raw,
    })
    const wanted = [...new Set(ids.split(',').filter(isId))].slice(0, 200)
    const visible = await new UserService().visibleIds(auth.user!, wanted)
    const statuses = await statusesOf(visible)
    return { data: visible.map((userId) => ({ userId, status: statuses.get(userId)! })) }
  }
}

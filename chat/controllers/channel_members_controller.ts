import type { HttpContext } from '@adonisjs/core/http'
import { pageValidator } from '#app/helpers/pagination'
import ChannelPolicy from '#chat/policies/channel_policy'
import ChannelMemberService from '#chat/services/channel_member_service'
import { findVisibleChannel } from '#chat/services/channel_access'
import {
  addChannelMemberValidator,
  updateChannelMemberValidator,
} from '#chat/validators/channel_validators'
import { transformChannelMember, transformMembership } from '#chat/transformers/channel_transformer'
import ApiError from '#app/exceptions/api_error'
import { statusesOf } from '#chat/realtime/presence_announcer'

export default class ChannelMembersController {
  async index({ auth, params, request }: HttpContext) {
    const { channel } = await findVisibleChannel(auth.user!, params.id)
    const page = await pageValidator.validate(request.qs())
    const { data, next } = await new ChannelMemberService().list(channel, page)
    // Presence rides along, so the members panel needs no second request for its dots.
    const statuses = await statusesOf(data.map((member) => member.userId))
    const members = data.map((member) => ({
      ...transformChannelMember(member),
      status: statuses.get(member.userId)!,
    }))
    return { data: members, next }
  }

  /** Adds someone; only managers may choose a role other than member. */
  async store({ auth, bouncer, params, request, response }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('addMembers', access)
    const { userId, role } = await request.validateUsing(addChannelMemberValidator)
    if (role === 'admin') await bouncer.with(ChannelPolicy).authorize('manage', access)
    const member = await new ChannelMemberService().add(access, userId, role)
    return response.created({ userId: member.userId, ...transformMembership(member) })
  }

  /** Managers change roles; people change their own notification level and mute. */
  async update({ auth, bouncer, params, request }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    const { role, ...preferences } = await request.validateUsing(updateChannelMemberValidator)
    const self = params.userId === 'me' || params.userId === auth.user!.id
    const userId = self ? auth.user!.id : params.userId
    const service = new ChannelMemberService()
    if (role !== undefined) {
      await bouncer.with(ChannelPolicy).authorize('manage', access)
      await service.setRole(access, userId, role)
    }
    if (preferences.notify !== undefined || preferences.muted !== undefined) {
      if (!self) throw ApiError.forbidden('People choose their own notifications', 'not_self')
      await bouncer.with(ChannelPolicy).authorize('participate', access)
      await service.setNotifications(access.membership!, preferences)
    }
    const member = await service.find(access.channel, userId)
    return { userId: member.userId, ...transformMembership(member) }
  }

  /** `me` leaves; removing anyone else takes a manager. */
  async destroy({ auth, bouncer, params, response }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    const self = params.userId === 'me' || params.userId === auth.user!.id
    await bouncer.with(ChannelPolicy).authorize(self ? 'leave' : 'manage', access)
    await new ChannelMemberService().remove(access, self ? auth.user!.id : params.userId)
    return response.noContent()
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { pageValidator } from '#app/helpers/pagination'
import ChannelPolicy from '#chat/policies/channel_policy'
import ChannelMemberService from '#chat/services/channel_member_service'
import ChannelService from '#chat/services/channel_service'
import ReadStateService from '#chat/services/read_state_service'
import { findVisibleChannel } from '#chat/services/channel_access'
import { createChannelValidator, updateChannelValidator } from '#chat/validators/channel_validators'
import { transformChannel, transformSidebarChannel } from '#chat/transformers/channel_transformer'
import ApiError from '#app/exceptions/api_error'

export default class ChannelsController {
  /** The caller's channels in a team, with unread and mention counts (three queries). */
  async index({ auth, teamAccess }: HttpContext) {
    const service = new ChannelService()
    const [channels, counts] = await Promise.all([
      service.listForMember(auth.user!, teamAccess.team.id),
      new ReadStateService().channelCounts(auth.user!, teamAccess.team.id),
    ])
    const members = await service.conversationMembers(channels)
    return {
      data: channels.map((channel) => transformSidebarChannel(channel, counts, members)),
      next: null,
    }
  }

  /** Public channels of the team, for joining. Guests see none. */
  async browse({ request, teamAccess }: HttpContext) {
    if (teamAccess.membership?.role === 'guest') {
      throw ApiError.forbidden('Guests only see channels they were added to', 'guest')
    }
    const page = await pageValidator.validate(request.qs())
    const { data, next } = await new ChannelService().browse(teamAccess.team.id, page)
    return { data: data.map((channel) => transformChannel(channel)), next }
  }

  async store({ auth, request, response, teamAccess }: HttpContext) {
    if (teamAccess.membership === null) {
      throw ApiError.forbidden('Join the team to create channels', 'not_team_member')
    }
    const params = await request.validateUsing(createChannelValidator)
    if (teamAccess.membership.role === 'guest' && params.type !== 'direct') {
      throw ApiError.forbidden('Guests can only start direct messages', 'guest')
    }
    const { channel, created } = await new ChannelService().create(
      auth.user!,
      teamAccess.team,
      params
    )
    const { membership } = await findVisibleChannel(auth.user!, channel.id)
    return response.status(created ? 201 : 200).send(transformChannel(channel, membership))
  }

  /** A channel the caller can see, with how many people are in it (for its header). */
  async show({ auth, params }: HttpContext) {
    const { channel, membership } = await findVisibleChannel(auth.user!, params.id)
    const memberCount = await new ChannelMemberService().count(channel)
    return { ...transformChannel(channel, membership), memberCount }
  }

  async update({ auth, bouncer, params, request }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('manage', access)
    const changes = await request.validateUsing(updateChannelValidator)
    const channel = await new ChannelService().update(access, changes)
    return transformChannel(channel, access.membership)
  }

  async archive(ctx: HttpContext) {
    return this.#setArchived(ctx, true)
  }

  async unarchive(ctx: HttpContext) {
    return this.#setArchived(ctx, false)
  }

  async join({ auth, bouncer, params }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('join', access)
    const membership = await new ChannelService().join(auth.user!, access)
    return transformChannel(access.channel, membership)
  }

  async #setArchived({ auth, bouncer, params }: HttpContext, archived: boolean) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('manage', access)
    const channel = await new ChannelService().setArchived(access, archived)
    return transformChannel(channel, access.membership)
  }
}

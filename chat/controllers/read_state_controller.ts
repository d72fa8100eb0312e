import type { HttpContext } from '@adonisjs/core/http'
import PostService from '#chat/services/post_service'
import ReadStateService from '#chat/services/read_state_service'
import { findVisibleChannel } from '#chat/services/channel_access'
import { markReadValidator } from '#chat/validators/post_validators'
import { transformMembership } from '#chat/transformers/channel_transformer'

export default class ReadStateController {
  /** Marks a channel read, up to `seq` or entirely. */
  async read({ auth, params, request }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    const { seq } = await request.validateUsing(markReadValidator)
    const membership = await new ReadStateService().markChannelRead(auth.user!, access, seq)
    return transformMembership(membership)
  }

  /** Marks a channel, or a thread for a reply, unread from this post on. */
  async unread({ auth, params }: HttpContext) {
    const { post, access } = await new PostService().findVisible(auth.user!, params.id)
    const result = await new ReadStateService().markUnread(auth.user!, access, post)
    return 'role' in result ? transformMembership(result) : result
  }
}

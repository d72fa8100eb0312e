import type { HttpContext } from '@adonisjs/core/http'
import ApiError from '#app/exceptions/api_error'
import CatchUpService from '#chat/services/catch_up_service'
import { canFollowStream } from '#chat/services/stream_access'
import { catchUpValidator } from '#chat/validators/post_validators'

export default class EventsController {
  /**
   * Catch-up: the events of one stream after a seq, in order. A stream the
   * caller may not follow is a 404.
   */
  async index({ auth, request }: HttpContext) {
    const { stream, after, limit } = await request.validateUsing(catchUpValidator, {
      data: request.qs(),
    })
    if (!(await canFollowStream(auth.user!, stream))) throw ApiError.notFound('Stream')
    return new CatchUpService().events(stream, after, limit ?? 500, auth.user!)
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ApiError from '#app/exceptions/api_error'
import { bearerToken } from '#app/helpers/bearer'

/**
 * For actions a token must never take on its owner's behalf, such as
 * minting further tokens (a leaked token cannot outlive its own
 * revocation), and for sign-up and login, which start a browser session.
 */
export default class SessionOnlyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (bearerToken(ctx.request)) {
      throw ApiError.forbidden(
        'This action needs a signed-in session, not a token',
        'session_required'
      )
    }
    return next()
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ApiError from '#app/exceptions/api_error'
import { bearerToken } from '#app/helpers/bearer'
import { scopesAllow, type TokenScope } from '#app/helpers/scopes'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Authenticates a request by its Bearer token or, without one, by its
 * session cookie. A deactivated account is refused at once whatever it
 * holds. A token must carry the scope the request needs: `read` for safe
 * methods, `write` for changes, unless the route names the scope it needs. System-admin powers through a token also
 * need its `admin` scope: User.hasAdminPowers, which the policies consult.
 */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { scope?: TokenScope } = {}) {
    const guard = bearerToken(ctx.request) ? 'api' : 'web'
    const user = await ctx.auth.authenticateUsing([guard])

    if (!user.isActive) {
      if (guard === 'web') await ctx.auth.use('web').logout()
      throw new ApiError(401, 'account_deactivated', 'This account is deactivated')
    }

    if (guard === 'api') {
      const token = ctx.auth.use('api').user!.currentAccessToken
      const needed = options.scope ?? (SAFE_METHODS.has(ctx.request.method()) ? 'read' : 'write')
      if (!scopesAllow(token.abilities, needed)) {
        throw ApiError.forbidden(`This token lacks the "${needed}" scope`, 'insufficient_scope')
      }
    }
    return next()
  }
}

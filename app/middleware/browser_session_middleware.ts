import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { ShieldConfig } from '@adonisjs/shield/types'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import { csrfFactory } from '@adonisjs/shield/guards'
import { bearerToken } from '#app/helpers/bearer'

/** Paths that never need a session: probes from load balancers and monitors. */
const STATELESS_PATHS = new Set(['/health'])

const csrf = csrfFactory(app.config.get<ShieldConfig>('shield').csrf, encryption.use())

/**
 * Session and CSRF check for browser requests. A health probe skips both.
 * So does a request with a Bearer token, which has no cookie to protect,
 * but only once its token checks out: a header that is no live token is a
 * 401 on any route, never a way around CSRF. Security headers are set for
 * every request by security_headers_middleware.ts.
 */
export default class BrowserSessionMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (STATELESS_PATHS.has(ctx.request.url())) return next()
    if (bearerToken(ctx.request)) {
      await ctx.auth.authenticateUsing(['api'])
      return next()
    }

    const session = await ctx.containerResolver.make(SessionMiddleware)
    return session.handle(ctx, async () => {
      await csrf(ctx)
      return next()
    })
  }
}

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
 * Session and CSRF check for browser requests. A request with a Bearer
 * token, or a health probe, skips both: it has no cookie to protect, and
 * would otherwise leave a fresh session row behind on every call. Security
 * headers are set for every request by security_headers_middleware.ts.
 */
export default class BrowserSessionMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (bearerToken(ctx.request) || STATELESS_PATHS.has(ctx.request.url())) return next()

    const session = await ctx.containerResolver.make(SessionMiddleware)
    return session.handle(ctx, async () => {
      await csrf(ctx)
      return next()
    })
  }
}

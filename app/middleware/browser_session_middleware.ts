import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import SessionMiddleware from '@adonisjs/session/session_middleware'
import ShieldMiddleware from '@adonisjs/shield/shield_middleware'
import { bearerToken } from '#app/helpers/bearer'

/** Paths that never need a session: probes from load balancers and monitors. */
const STATELESS_PATHS = new Set(['/health'])

/**
 * Session and Shield (CSRF, security headers) for browser requests. A
 * request with a Bearer token, or a health probe, skips both: it has no
 * cookie to protect, and would otherwise leave a fresh session row behind
 * on every call.
 */
export default class BrowserSessionMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (bearerToken(ctx.request) || STATELESS_PATHS.has(ctx.request.url())) return next()

    const session = await ctx.containerResolver.make(SessionMiddleware)
    const shield = await ctx.containerResolver.make(ShieldMiddleware)
    return session.handle(ctx, () => shield.handle(ctx, next))
  }
}

import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { ShieldConfig } from '@adonisjs/shield/types'
import { cspFactory, frameGuardFactory, hstsFactory, noSniffFactory } from '@adonisjs/shield/guards'

const config = app.config.get<ShieldConfig>('shield')
const guards = [
  cspFactory(config.csp),
  frameGuardFactory(config.xFrame),
  hstsFactory(config.hsts),
  noSniffFactory(config.contentTypeSniffing),
]

/**
 * The security headers of config/shield.ts (CSP, X-Frame-Options, HSTS,
 * nosniff) on every response: token requests, health probes, unknown
 * routes and errors included. A server middleware, so it runs before the
 * router looks for a route. CSRF stays with the browser session
 * (browser_session_middleware.ts).
 */
export default class SecurityHeadersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    for (const guard of guards) await guard(ctx)
    return next()
  }
}

import { defineConfig } from '@adonisjs/shield'
import type { HttpContext } from '@adonisjs/core/http'
import { bearerToken } from '#app/helpers/bearer'
import { servedOverHttps } from '#config/app'

/**
 * CSRF protects cookie sessions only. A request authenticated by a Bearer
 * token carries no ambient credential, and `POST /api/v1/auth/tokens`
 * answers with a token in the body, never a cookie.
 */
function exemptFromCsrf(ctx: HttpContext) {
  return bearerToken(ctx.request) !== null || ctx.request.url() === '/api/v1/auth/tokens'
}

/**
 * CSRF is checked for browser sessions (app/middleware/browser_session_middleware.ts); the
 * headers below go on every response (app/middleware/security_headers_middleware.ts).
 */
const shieldConfig = defineConfig({
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      // The composer previews an image being uploaded from the local file (an object URL).
      imgSrc: [`'self'`, 'blob:'],
      frameAncestors: [`'none'`],
      objectSrc: [`'none'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    exceptRoutes: exemptFromCsrf,
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  hsts: { enabled: servedOverHttps, maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig

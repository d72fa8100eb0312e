import { join } from 'node:path'
import { stat } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { webAppDir } from '#app/helpers/web_app'

/** Hashed build output: its name changes with its content, so it is cached for good. */
const HASHED = /^\/assets\/[A-Za-z0-9_-][A-Za-z0-9._-]*$/
/** Fixed files at the top of the build (the favicon). */
const FIXED = /^\/[A-Za-z0-9_-][A-Za-z0-9._-]*\.(svg|ico|png|txt|webmanifest)$/

/**
 * Serves the web app's built files before routing, so loading the app costs no session,
 * CSRF or database work. The page itself (index.html) goes through the router
 * (WebAppController), where it gets the session's XSRF cookie and the security headers.
 */
export default class WebAppAssetsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const method = ctx.request.method()
    if (method !== 'GET' && method !== 'HEAD') return next()
    const path = ctx.request.url()
    const hashed = HASHED.test(path)
    if (!hashed && !FIXED.test(path)) return next()

    const file = join(webAppDir, path)
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return next()

    ctx.response.header(
      'Cache-Control',
      hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600'
    )
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.download(file, true)
  }
}

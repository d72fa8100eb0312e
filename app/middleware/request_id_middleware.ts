import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Every request gets an id made here, never one the client sent: it names
 * the request's log lines and comes back in `X-Request-Id`, so a user's
 * report can be matched to the server's log, and nobody can write lines
 * under another request's id. Runs first, before anything logs.
 */
export default class RequestIdMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const id = randomUUID()
    // `request.id()` and the error reporter read the id from this header.
    ctx.request.request.headers['x-request-id'] = id
    ctx.logger = logger.child({ request_id: id })
    ctx.response.header('X-Request-Id', id)
    return next()
  }
}

import { configProvider } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { stores } from '@adonisjs/session'
import type {
  SessionConfig,
  SessionData,
  SessionStoreFactory,
  SessionStoreWithTaggingContract,
} from '@adonisjs/session/types'

/** The session guard keeps the user id under `auth_<guard name>` (config/auth.ts: `web`). */
const SIGNED_IN_KEY = 'auth_web'

/** The encrypted cookie that carries a session's values until it signs in. */
const VISITOR_COOKIE = 'hearth-visitor'

type Carried = { sessionId: string; values: SessionData }

const signedIn = (values: SessionData) => SIGNED_IN_KEY in values

/**
 * Sessions in the database from sign-in on, and none before: a visitor's
 * session (in practice only its CSRF secret) rides in an encrypted cookie
 * bound to its session id, so anonymous requests, however many, write no
 * row. Once signed in a session is a row, tagged with its user, so that
 * logout, a password change or deactivation can end it server-side; a
 * signed-in session is never kept in a cookie.
 */
class SignedInSessionStore implements SessionStoreWithTaggingContract {
  constructor(
    readonly database: SessionStoreWithTaggingContract,
    readonly ctx: HttpContext | null,
    readonly config: SessionConfig
  ) {}

  async read(sessionId: string) {
    const carried = this.#carried(sessionId)
    if (carried) return carried
    // A request without a session cookie has a fresh id that no row can hold.
    if (this.ctx && this.ctx.request.cookie(this.config.cookieName) !== sessionId) return null
    return this.database.read(sessionId)
  }

  async write(sessionId: string, values: SessionData) {
    if (!this.ctx || signedIn(values)) {
      this.#dropCarried()
      return this.database.write(sessionId, values)
    }
    // A session that just signed out keeps no row either; a visitor's never had one, so
    // anonymous requests cost no query at all.
    const hadRow =
      this.#carried(sessionId) === null &&
      this.ctx.request.cookie(this.config.cookieName) === sessionId
    const carried: Carried = { sessionId, values }
    this.ctx.response.encryptedCookie(VISITOR_COOKIE, carried, this.config.cookie)
    if (hadRow) await this.database.destroy(sessionId)
  }

  async destroy(sessionId: string) {
    this.#dropCarried()
    await this.database.destroy(sessionId)
  }

  async touch(sessionId: string) {
    const values = this.#carried(sessionId)
    if (values) return this.write(sessionId, values)
    return this.database.touch(sessionId)
  }

  tag(sessionId: string, userId: string | number) {
    return this.database.tag(sessionId, userId)
  }

  untag(sessionId: string, userId: string | number) {
    return this.database.untag(sessionId, userId)
  }

  tagged(userId: string | number) {
    return this.database.tagged(userId)
  }

  /** The visitor values the request carries for this session id, if any. */
  #carried(sessionId: string) {
    const carried = this.ctx?.request.encryptedCookie(VISITOR_COOKIE) as Carried | undefined
    if (carried?.sessionId !== sessionId || typeof carried.values !== 'object') return null
    return signedIn(carried.values) ? null : carried.values
  }

  #dropCarried() {
    if (this.ctx?.request.cookiesList()[VISITOR_COOKIE]) {
      this.ctx.response.clearCookie(VISITOR_COOKIE)
    }
  }
}

/** The session store of config/session.ts: the database store, for signed-in sessions only. */
export function signedInSessions(options: { tableName: string }) {
  return configProvider.create<SessionStoreFactory>(async (app) => {
    const database = await configProvider.resolve<SessionStoreFactory>(
      app,
      stores.database(options)
    )
    return (ctx, config) =>
      new SignedInSessionStore(
        database!(ctx, config) as SessionStoreWithTaggingContract,
        ctx,
        config
      )
  })
}

import { ServerResponse, type IncomingMessage } from 'node:http'
import app from '@adonisjs/core/services/app'
import server from '@adonisjs/core/services/server'
import { configProvider } from '@adonisjs/core'
import { Secret } from '@adonisjs/core/helpers'
import { SessionCollection } from '@adonisjs/session'
import type { AccessToken } from '@adonisjs/auth/access_tokens'
import { appUrl } from '#config/app'
import User from '#app/models/user'
import { scopesAllow } from '#app/helpers/scopes'
import { redeemTicket } from '#boards/sync/sync_tickets'

/** A refused upgrade: answered as a plain HTTP response on the raw socket, which is then closed. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** Who opened a socket, and how. A token keeps its scopes for the life of the socket. */
export type SyncIdentity = {
  user: User
  via: 'session' | 'token' | 'ticket'
  token: AccessToken | null
}

/** The session guard keeps the user id under `auth_<guard name>` (config/auth.ts: `web`). */
const SESSION_USER_KEY = 'auth_web'

const unauthenticated = () => new UpgradeRefused(401, 'unauthenticated', 'Authentication required')

type SessionSettings = ConstructorParameters<typeof SessionCollection>[0]
let sessionSettings: Promise<SessionSettings> | undefined

function resolvedSessionConfig() {
  sessionSettings ??= configProvider
    .resolve<SessionSettings>(app, app.config.get('session'))
    .then((resolved) => resolved!)
  return sessionSettings
}

function bearerOf(req: IncomingMessage) {
  const [scheme, value] = (req.headers.authorization ?? '').split(' ')
  return scheme?.toLowerCase() === 'bearer' && value ? value : null
}

/**
 * A cookie-authenticated socket must come from the app's own pages: the
 * Origin (browsers always send it on a WebSocket) is APP_URL's, or the host
 * the request was sent to. Anything else is cross-site WebSocket hijacking.
 */
function fromOwnOrigin(req: IncomingMessage) {
  const origin = req.headers.origin
  if (!origin) return false
  try {
    const url = new URL(origin)
    return url.origin === new URL(appUrl).origin || url.host === req.headers.host
  } catch {
    return false
  }
}

/**
 * The session behind the request's signed session cookie, read the way the
 * session middleware reads it (an HttpRequest over the raw request unsigns
 * the cookie; the configured store holds the values), without writing
 * anything back. Undefined when there is no such cookie.
 */
async function sessionUserId(req: IncomingMessage): Promise<string | null | undefined> {
  const settings = await resolvedSessionConfig()
  const request = server.createRequest(req, new ServerResponse(req))
  const sessionId = request.cookie(settings.cookieName)
  if (typeof sessionId !== 'string') return undefined
  // A store per read: it takes the database client of the moment (tests run in a transaction).
  const values = await new SessionCollection(settings).get(sessionId)
  const userId = values?.[SESSION_USER_KEY]
  return typeof userId === 'string' ? userId : null
}

function hasSessionCookie(req: IncomingMessage, cookieName: string) {
  return (req.headers.cookie ?? '')
    .split(';')
    .some((pair) => pair.trim().startsWith(`${cookieName}=`))
}

async function byToken(value: string): Promise<SyncIdentity> {
  const verified = await User.accessTokens.verifyWithOwner(new Secret(value))
  if (!verified) throw unauthenticated()
  if (!scopesAllow(verified.token.abilities, 'read')) {
    throw new UpgradeRefused(403, 'insufficient_scope', 'This token lacks the "read" scope')
  }
  const user = User.$createFromAdapterResult(verified.owner)!
  user.currentAccessToken = verified.token
  return { user, via: 'token', token: verified.token }
}

async function byUserId(userId: string | null, via: 'session' | 'ticket') {
  const user = userId ? await User.find(userId) : null
  if (!user) throw unauthenticated()
  return { user, via, token: null }
}

/**
 * Authenticates a board socket's upgrade request before any WebSocket
 * exists, by the first of: `Authorization: Bearer <personal access token>`;
 * `?ticket=` (POST /api/v1/boards/:id/sync-ticket); the web session cookie
 * with a same-origin Origin. Credentials that are present but wrong are a
 * 401 (never a fall back to another kind); a foreign Origin with a cookie a
 * 403; a deactivated account a 401.
 */
export async function authenticateUpgrade(
  req: IncomingMessage,
  boardId: string
): Promise<SyncIdentity> {
  const identity = await identify(req, boardId)
  if (!identity.user.isActive) {
    throw new UpgradeRefused(401, 'account_deactivated', 'This account is deactivated')
  }
  return identity
}

async function identify(req: IncomingMessage, boardId: string) {
  const bearer = bearerOf(req)
  if (bearer) return byToken(bearer)

  const ticket = new URL(req.url ?? '/', 'http://localhost').searchParams.get('ticket')
  if (ticket !== null) return byUserId(redeemTicket(ticket, boardId), 'ticket')

  const { cookieName } = await resolvedSessionConfig()
  if (!hasSessionCookie(req, cookieName)) throw unauthenticated()
  if (!fromOwnOrigin(req)) {
    throw new UpgradeRefused(403, 'bad_origin', 'This origin may not open board sockets')
  }
  const userId = await sessionUserId(req)
  return byUserId(userId ?? null, 'session')
}

/** Whether an identity's credentials allow changes (a token needs its `write` scope). */
export function credentialsAllowWrite(identity: SyncIdentity) {
  return !identity.token || scopesAllow(identity.token.abilities, 'write')
}

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
import { redeemTicket, type Credential } from '#boards/sync/sync_tickets'

/** A refused upgrade: answered as a plain HTTP response on the raw socket, which is then closed. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before trying again, sent as Retry-After. */
    readonly retryAfter?: number
  ) {
    super(message)
  }
}

/**
 * Who opened a socket, and how. A token keeps its scopes for the life of the socket. The
 * session or token id is the credential it was opened with (for a ticket, the one that minted
 * it): the socket closes when that session ends or that token is revoked.
 */
export type SyncIdentity = {
  user: User
  via: 'session' | 'token' | 'ticket'
  token: AccessToken | null
  sessionId: string | null
  tokenId: string | null
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
 * The session id in the request's signed session cookie, read the way the
 * session middleware reads it (an HttpRequest over the raw request unsigns
 * the cookie). Undefined when there is no such cookie.
 */
async function sessionIdOf(req: IncomingMessage): Promise<string | undefined> {
  const settings = await resolvedSessionConfig()
  const request = server.createRequest(req, new ServerResponse(req))
  const sessionId = request.cookie(settings.cookieName)
  return typeof sessionId === 'string' ? sessionId : undefined
}

/** The user signed in on a session, from the configured store, without writing anything back. */
async function sessionUserId(sessionId: string): Promise<string | null> {
  const settings = await resolvedSessionConfig()
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
  const tokenId = String(verified.token.identifier)
  return { user, via: 'token', token: verified.token, sessionId: null, tokenId }
}

async function bySession(sessionId: string | undefined): Promise<SyncIdentity> {
  const userId = sessionId ? await sessionUserId(sessionId) : null
  const user = userId ? await User.find(userId) : null
  if (!sessionId || !user) throw unauthenticated()
  return { user, via: 'session', token: null, sessionId, tokenId: null }
}

/** A ticket's user, while the session or token that minted it is still live. */
async function byTicket(minted: Credential | null): Promise<SyncIdentity> {
  const user = minted ? await User.find(minted.userId) : null
  if (!minted || !user || !(await isLive(user, minted))) throw unauthenticated()
  return { user, via: 'ticket', token: null, sessionId: minted.sessionId, tokenId: minted.tokenId }
}

async function isLive(user: User, { sessionId, tokenId }: Credential) {
  if (sessionId) return (await sessionUserId(sessionId)) === user.id
  if (!tokenId) return false
  const token = await User.accessTokens.find(user, tokenId)
  return token !== null && !token.isExpired()
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
  if (ticket !== null) return byTicket(redeemTicket(ticket, boardId))

  const { cookieName } = await resolvedSessionConfig()
  if (!hasSessionCookie(req, cookieName)) throw unauthenticated()
  if (!fromOwnOrigin(req)) {
    throw new UpgradeRefused(403, 'bad_origin', 'This origin may not open board sockets')
  }
  return bySession(await sessionIdOf(req))
}

/** Whether an identity's credentials allow changes (a token needs its `write` scope). */
export function credentialsAllowWrite(identity: SyncIdentity) {
  return !identity.token || scopesAllow(identity.token.abilities, 'write')
}

import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'

/** What an authenticated request was let in with: its session, or its personal access token. */
export type Credential = { kind: 'session'; id: string } | { kind: 'token'; id: number }

/** A credential as held by someone: the user it must still belong to. */
export type HeldCredential = { userId: string; credential: Credential }

/** Rows looked up per query when checking many credentials at once. */
const BATCH = 500

/**
 * The credential of a request AuthMiddleware let in: the Bearer token when
 * there is one (as the middleware decides), otherwise the session.
 */
export function credentialOf(ctx: HttpContext): Credential {
  const token = ctx.auth.user?.currentAccessToken
  if (token) return { kind: 'token', id: Number(token.identifier) }
  return { kind: 'session', id: ctx.session.sessionId }
}

/** One string per credential, to index what was opened with it: `session:<id>`, `token:<id>`. */
export function credentialKey(credential: Credential) {
  return `${credential.kind}:${credential.id}`
}

/**
 * Which of these credentials still let their holder in: a session or token
 * row that exists, has not expired and belongs to that user. Answers their
 * keys. Use it to find what ended somewhere no event reached (another
 * process, expiry, a row deleted by hand). One query per 500 sessions or
 * tokens.
 */
export async function stillValid(held: HeldCredential[]) {
  const owners = new Map(held.map((entry) => [credentialKey(entry.credential), entry.userId]))
  const sessions = held.flatMap(({ credential: c }) => (c.kind === 'session' ? [c.id] : []))
  const tokens = held.flatMap(({ credential: c }) => (c.kind === 'token' ? [c.id] : []))
  const now = new Date()
  const valid = new Set<string>()

  for (const ids of batches([...new Set(sessions)])) {
    const rows = await db
      .from('sessions')
      .whereIn('id', ids)
      .where('expires_at', '>', now)
      .select('id', 'user_id')
    for (const row of rows) keep(valid, owners, `session:${row.id}`, row.user_id)
  }
  for (const ids of batches([...new Set(tokens)])) {
    const rows = await db
      .from('auth_access_tokens')
      .whereIn('id', ids)
      .where((query) => query.whereNull('expires_at').orWhere('expires_at', '>', now))
      .select('id', 'tokenable_id')
    for (const row of rows) keep(valid, owners, `token:${Number(row.id)}`, row.tokenable_id)
  }
  return valid
}

function keep(valid: Set<string>, owners: Map<string, string>, key: string, owner: unknown) {
  if (owner !== null && owners.get(key) === String(owner)) valid.add(key)
}

function* batches<T>(items: T[]) {
  for (let start = 0; start < items.length; start += BATCH) {
    yield items.slice(start, start + BATCH)
  }
}

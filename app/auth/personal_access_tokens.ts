import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'

/** The `users` columns read together with a token. */
const USER_COLUMNS = [
  'id',
  'username',
  'email',
  'display_name',
  'password',
  'is_admin',
  'deactivated_at',
  'created_at',
  'updated_at',
]

/** Largest id of the `increments` column tokens live in. */
const MAX_TOKEN_ID = 2147483647

/** `last_used_at` is refreshed at most this often: a read should not cost a write. */
const LAST_USED_PRECISION_MS = 60_000

/**
 * Whether a token id could be a row of ours. Anything else is refused before
 * it reaches a query: a forged id would otherwise be a type error in
 * PostgreSQL (a 500) rather than the 401 it deserves.
 */
export function isTokenId(value: unknown) {
  const id = Number(value)
  return /^[1-9][0-9]{0,9}$/.test(String(value)) && id <= MAX_TOKEN_ID
}

/**
 * The database token provider with a cheaper, stricter verify: malformed
 * tokens are refused without a query; the secret and expiry are checked
 * before anything is written; and `last_used_at` is written at most once a
 * minute instead of on every request.
 */
export class PersonalAccessTokens<
  Model extends ConstructorParameters<typeof DbAccessTokensProvider>[0]['tokenableModel'],
> extends DbAccessTokensProvider<Model> {
  async verify(tokenValue: Secret<string>) {
    const verified = await this.verifyWithOwner(tokenValue)
    return verified?.token ?? null
  }

  /**
   * Verifies a token and reads its owner's row in the same query, so an
   * authenticated request costs one round trip instead of two. The owner
   * comes back as the raw `users` columns.
   */
  async verifyWithOwner(tokenValue: Secret<string>) {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded || !isTokenId(decoded.identifier)) return null

    const db = await this.getDb()
    const row = await db
      .from(`${this.table} as t`)
      .join('users as u', 'u.id', 't.tokenable_id')
      .where({ 't.id': decoded.identifier, 't.type': this.type })
      .select('t.*')
      .select(Object.fromEntries(USER_COLUMNS.map((column) => [`u__${column}`, `u.${column}`])))
      .first()
    if (!row) return null

    const owner: Record<string, unknown> = {}
    for (const column of USER_COLUMNS) {
      owner[column] = row[`u__${column}`]
      delete row[`u__${column}`]
    }
    const token = this.dbRowToAccessToken(row)
    if (!token.verify(decoded.secret) || token.isExpired()) return null

    const lastUsed = token.lastUsedAt?.getTime() ?? 0
    if (Date.now() - lastUsed > LAST_USED_PRECISION_MS) {
      token.lastUsedAt = new Date()
      await db.from(this.table).where('id', row.id).update({ last_used_at: token.lastUsedAt })
    }
    return { token, owner }
  }
}

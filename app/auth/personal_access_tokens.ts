import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'

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
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded || !isTokenId(decoded.identifier)) return null

    const db = await this.getDb()
    const row = await db
      .from(this.table)
      .where({ id: decoded.identifier, type: this.type })
      .limit(1)
      .first()
    if (!row) return null

    const token = this.dbRowToAccessToken(row)
    if (!token.verify(decoded.secret) || token.isExpired()) return null

    const lastUsed = token.lastUsedAt?.getTime() ?? 0
    if (Date.now() - lastUsed > LAST_USED_PRECISION_MS) {
      token.lastUsedAt = new Date()
      await db.from(this.table).where('id', row.id).update({ last_used_at: token.lastUsedAt })
    }
    return token
  }
}

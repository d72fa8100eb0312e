import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { Secret } from '@adonisjs/core/helpers'

/** Largest id of the `increments` column tokens live in. */
const MAX_TOKEN_ID = 2147483647

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
 * The database token provider, refusing malformed tokens without a query.
 */
export class PersonalAccessTokens<
  Model extends ConstructorParameters<typeof DbAccessTokensProvider>[0]['tokenableModel'],
> extends DbAccessTokensProvider<Model> {
  async verify(tokenValue: Secret<string>) {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded || !isTokenId(decoded.identifier)) return null
    return super.verify(tokenValue)
  }
}

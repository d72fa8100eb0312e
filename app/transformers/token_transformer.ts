import type { AccessToken } from '@adonisjs/auth/access_tokens'
import type { TokenRow } from '#app/services/token_service'

const isoFromRow = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString()

/** A stored token: never its secret, which is shown once at creation. */
export function transformTokenRow(row: TokenRow) {
  return {
    id: Number(row.id),
    name: row.name,
    scopes: JSON.parse(row.abilities) as string[],
    createdAt: isoFromRow(row.created_at),
    lastUsedAt: isoFromRow(row.last_used_at),
    expiresAt: isoFromRow(row.expires_at),
  }
}

/** A token just created: the one response that carries its secret. */
export function transformNewToken(token: AccessToken) {
  return {
    id: Number(token.identifier),
    name: token.name,
    scopes: token.abilities,
    token: token.value!.release(),
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  }
}

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const
export type TokenScope = (typeof TOKEN_SCOPES)[number]

const SCOPE_RANK: Record<TokenScope, number> = { read: 1, write: 2, admin: 3 }

/**
 * Whether a token's scopes cover what a request needs. Scopes nest:
 * `admin` covers `write`, which covers `read`.
 */
export function scopesAllow(scopes: string[], needed: TokenScope) {
  return scopes.some((scope) => (SCOPE_RANK[scope as TokenScope] ?? 0) >= SCOPE_RANK[needed])
}

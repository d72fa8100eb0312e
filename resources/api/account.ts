import { ME_PATH } from './auth'
import { request } from './http'
import type { Me } from './types'

export type TokenScope = 'read' | 'write' | 'admin'

/** A personal access token as listed: never its secret. */
export type AccessToken = {
  id: number
  name: string
  scopes: TokenScope[]
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
}

/** A token just made: the one answer that carries its secret (`token`). */
export type NewAccessToken = AccessToken & { token: string }

export type ProfileChange = { username?: string; displayName?: string; email?: string }

/** The caller's own account: profile, email, password and personal access tokens. */
export const accountApi = {
  /** `pendingEmail` is set when a new email waits for its confirmation code. */
  update: (change: ProfileChange) =>
    request<Me & { pendingEmail: string | null }>('PATCH', ME_PATH, { body: change }),
  confirmEmail: (token: string) =>
    request<Me>('PUT', '/api/v1/users/me/email', { body: { token } }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('PUT', '/api/v1/users/me/password', { body: { currentPassword, newPassword } }),
  tokens: () =>
    request<{ data: AccessToken[]; next: string | null }>('GET', `${ME_PATH}/tokens?limit=200`),
  createToken: (input: { name: string; scopes: TokenScope[]; expiresIn?: string }) =>
    request<NewAccessToken>('POST', `${ME_PATH}/tokens`, { body: input }),
  revokeToken: (id: number) => request<void>('DELETE', `${ME_PATH}/tokens/${id}`),
}

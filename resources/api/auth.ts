import { request } from './http'
import type { Me, Team } from './types'

export type SignupInput = {
  username: string
  email: string
  password: string
  displayName?: string
  invite?: string
}

/** The signed-in person (a 401 when nobody is). */
export const ME_PATH = '/api/v1/users/me'

/** Sign-up, login and logout: the routes that start and end a browser session. */
export const authApi = {
  signup: (input: SignupInput) =>
    request<{ user: Me; team: Team | null }>('POST', '/api/v1/auth/signup', {
      body: input,
      anonymous: true,
    }),

  login: (login: string, password: string) =>
    request<{ user: Me }>('POST', '/api/v1/auth/login', {
      body: { login, password },
      anonymous: true,
    }),

  logout: () => request<void>('DELETE', '/api/v1/auth/session', { anonymous: true }),

  /** The signed-in user, or a 401 ApiError when there is no session. */
  me: () => request<Me>('GET', ME_PATH, { anonymous: true }),
}

import { request } from './http'
import type { Me, Page, Team, TeamMember, TeamRole } from './types'

/** A team in the system admins' list: its invite code and how many people it has. */
export type AdminTeam = Team & { memberCount: number }

export type NewAccount = {
  username: string
  email: string
  password: string
  displayName?: string
  isAdmin?: boolean
}

const after = (cursor: string | null) => (cursor ? `&after=${encodeURIComponent(cursor)}` : '')
const user = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`

/** The system admins' routes (docs/api.md): accounts, every team, server settings. */
export const adminApi = {
  users: (q: string, cursor: string | null, limit = 25) =>
    request<Page<Me>>(
      'GET',
      `/api/v1/users?limit=${limit}${q ? `&q=${encodeURIComponent(q)}` : ''}${after(cursor)}`
    ),
  createUser: (input: NewAccount) => request<Me>('POST', '/api/v1/users', { body: input }),
  deactivate: (id: string) => request<Me>('POST', `${user(id)}/deactivate`),
  reactivate: (id: string) => request<Me>('POST', `${user(id)}/reactivate`),
  setAdmin: (id: string, isAdmin: boolean) => request<Me>('PATCH', user(id), { body: { isAdmin } }),
  resetPassword: (id: string, password: string) =>
    request<void>('PUT', `${user(id)}/password`, { body: { password } }),

  teams: (cursor: string | null) =>
    request<Page<AdminTeam>>('GET', `/api/v1/system/teams?limit=50${after(cursor)}`),
  teamMembers: (teamId: string, cursor: string | null) =>
    request<Page<TeamMember>>(
      'GET',
      `/api/v1/teams/${encodeURIComponent(teamId)}/members?limit=50${after(cursor)}`
    ),
  addTeamMember: (teamId: string, userId: string, role: TeamRole) =>
    request<TeamMember>('POST', `/api/v1/teams/${encodeURIComponent(teamId)}/members`, {
      body: { userId, role },
    }),

  settings: () => request<{ openSignup: boolean }>('GET', '/api/v1/system/settings'),
  updateSettings: (changes: { openSignup: boolean }) =>
    request<{ openSignup: boolean }>('PATCH', '/api/v1/system/settings', { body: changes }),
}

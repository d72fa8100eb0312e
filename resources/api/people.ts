import { request } from './http'
import type { User } from './types'

/** Finding people by name (autocomplete, new conversations): within the caller's teams. */
export const peopleApi = {
  search: (q: string, teamId?: string, limit = 10) => {
    const team = teamId ? `&teamId=${encodeURIComponent(teamId)}` : ''
    return request<{ data: User[] }>(
      'GET',
      `/api/v1/users/search?q=${encodeURIComponent(q)}&limit=${limit}${team}`
    )
  },
}

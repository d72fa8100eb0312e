import { request } from './http'
import type { Post } from './types'

/** One match of a team search (docs/search.md): the post, where it was, and its snippet. */
export type SearchResult = {
  post: Post
  channel: { id: string; name: string | null; displayName: string; type: string }
  root: Post | null
  snippet: { text: string; highlights: [number, number][] }
  score: number | null
}

export type SearchPage = { data: SearchResult[]; next: string | null }

/** The path of one page of a search, in the caller's time zone. */
export function searchPath(teamId: string, q: string, after: string | null, limit = 20) {
  const params = new URLSearchParams({ q, limit: String(limit) })
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  if (zone) params.set('timeZone', zone)
  if (after) params.set('after', after)
  return `/api/v1/teams/${teamId}/search?${params}`
}

/** Full-text search over the team's messages and cards, a page at a time. */
export const searchApi = {
  search: (teamId: string, q: string, after: string | null = null) =>
    request<SearchPage>('GET', searchPath(teamId, q, after)),
}

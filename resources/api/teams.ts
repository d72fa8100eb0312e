import { request } from './http'
import type { Page, Team, TeamMember } from './types'

export const TEAMS_PATH = '/api/v1/teams'

/** A page of a team's members (the first without a cursor). */
export const teamMembersPath = (teamId: string, cursor: string | null = null) =>
  `/api/v1/teams/${teamId}/members?limit=200${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`

/** The caller's teams, making and joining them, and their members. */
export const teamsApi = {
  list: () => request<Page<Team>>('GET', TEAMS_PATH),

  create: (name: string) => request<Team>('POST', '/api/v1/teams', { body: { name } }),

  join: (invite: string) => request<Team>('POST', '/api/v1/teams/join', { body: { invite } }),

  /** A new invite code; links made from the old one stop working. */
  newInvite: (teamId: string) => request<Team>('POST', `/api/v1/teams/${teamId}/invite`),

  /** Every member, following the pages (a team's people, for naming conversations). */
  async members(teamId: string) {
    const members: TeamMember[] = []
    let cursor: string | null = null
    do {
      const page: Page<TeamMember> = await request<Page<TeamMember>>(
        'GET',
        teamMembersPath(teamId, cursor)
      )
      members.push(...page.data)
      cursor = page.next
    } while (cursor)
    return members
  },
}

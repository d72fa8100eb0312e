import { request } from './http'
import type { Channel, ChannelMember, Page, Team, TeamMember, TeamRole } from './types'

/** What a channel's settings change: any of these (docs/api.md, Channels). */
export type ChannelChanges = Partial<Pick<Channel, 'displayName' | 'purpose' | 'header'>>

/** A new public or private channel. */
export type NewChannel = {
  type: 'public' | 'private'
  name: string
  displayName: string
  purpose?: string
}

const channel = (id: string) => `/api/v1/channels/${encodeURIComponent(id)}`
const team = (id: string) => `/api/v1/teams/${encodeURIComponent(id)}`

/** Managing channels and teams: settings, members, roles, joining and leaving. */
export const manageApi = {
  createChannel: (teamId: string, input: NewChannel) =>
    request<Channel>('POST', `${team(teamId)}/channels`, { body: input }),

  /** Public channels to join, by name (a page of up to 200). */
  browse: (teamId: string, cursor: string | null = null) =>
    request<Page<Channel>>(
      'GET',
      `${team(teamId)}/channels/browse?limit=200${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`
    ),

  join: (channelId: string) => request<Channel>('POST', `${channel(channelId)}/join`),

  updateChannel: (channelId: string, changes: ChannelChanges) =>
    request<Channel>('PATCH', channel(channelId), { body: changes }),

  setArchived: (channelId: string, archived: boolean) =>
    request<Channel>('POST', `${channel(channelId)}/${archived ? 'archive' : 'unarchive'}`),

  channelMembers: (channelId: string) =>
    request<Page<ChannelMember>>('GET', `${channel(channelId)}/members?limit=200`),

  addChannelMember: (channelId: string, userId: string) =>
    request<unknown>('POST', `${channel(channelId)}/members`, { body: { userId } }),

  setChannelRole: (channelId: string, userId: string, role: 'admin' | 'member') =>
    request<unknown>('PATCH', `${channel(channelId)}/members/${userId}`, { body: { role } }),

  /** Removes someone; `me` leaves. */
  removeChannelMember: (channelId: string, userId: string) =>
    request<void>('DELETE', `${channel(channelId)}/members/${userId}`),

  renameTeam: (teamId: string, name: string) =>
    request<Team>('PATCH', team(teamId), { body: { name } }),

  setTeamRole: (teamId: string, userId: string, role: TeamRole) =>
    request<TeamMember>('PATCH', `${team(teamId)}/members/${userId}`, { body: { role } }),

  /** Removes a member; `me` leaves the team. */
  removeTeamMember: (teamId: string, userId: string) =>
    request<void>('DELETE', `${team(teamId)}/members/${userId}`),
}

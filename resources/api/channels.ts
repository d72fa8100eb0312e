import { request } from './http'
import type { Channel, ChannelMember, Page, PresenceStatus, SidebarChannel } from './types'

/** A team's channels with the caller's counts: what the sidebar lists. */
export const sidebarPath = (teamId: string) => `/api/v1/teams/${teamId}/channels`

/** Channels as the sidebar and the channel header need them, and who is online. */
export const channelsApi = {
  listForTeam: (teamId: string) => request<Page<SidebarChannel>>('GET', sidebarPath(teamId)),

  /** A direct (one other person) or group (two to seven) message; the existing one if any. */
  converse: (teamId: string, userIds: string[]) =>
    request<Channel>('POST', `/api/v1/teams/${teamId}/channels`, {
      body: { type: userIds.length === 1 ? 'direct' : 'group', userIds },
    }),

  get: (channelId: string) => request<Channel>('GET', `/api/v1/channels/${channelId}`),

  /** The first page of members; `next` says there are more. */
  members: (channelId: string) =>
    request<Page<ChannelMember>>('GET', `/api/v1/channels/${channelId}/members?limit=200`),

  presence: (userIds: string[]) =>
    request<{ data: { userId: string; status: PresenceStatus }[] }>(
      'GET',
      `/api/v1/presence?ids=${userIds.map(encodeURIComponent).join(',')}`
    ),
}

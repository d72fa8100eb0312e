import { request } from './http'
import type { ChannelType, Membership, Page, Post } from './types'

/** How much a channel left at `default` notifies (docs/api.md, Notifications). */
export type DesktopLevel = 'all' | 'mention' | 'none'

/** The caller's notification preferences; `dndUntil` is an ISO date while do-not-disturb lasts. */
export type NotificationSettings = {
  desktop: DesktopLevel
  email: boolean
  channelWide: boolean
  keywords: string[]
  dndUntil: string | null
}

export type NotificationKind =
  'direct' | 'mention' | 'channel' | 'keyword' | 'reply' | 'assigned' | 'due' | 'message'

export type NotificationChannel = {
  id: string
  teamId: string
  name: string
  displayName: string
  type: ChannelType
}

export type NotificationActor = { id: string; username: string; displayName: string }

/** One entry of the mentions-and-replies feed, newest first. */
export type FeedEntry = {
  id: string
  kind: NotificationKind
  createdAt: string
  post: Post
  channel: NotificationChannel
  actor: NotificationActor | null
}

/** The data of a `notification.created` event (docs/realtime.md, Notifications). */
export type NotificationEvent = {
  kind: NotificationKind
  alert: boolean
  post: Pick<Post, 'id' | 'channelId' | 'rootId' | 'seq' | 'userId' | 'message'>
  channel: NotificationChannel
  actor: NotificationActor | null
}

const SETTINGS = '/api/v1/users/me/notification-settings'

/**
 * Notification preferences (the account's, and one channel's level and mute) and the feed of
 * mentions and replies. Used by settings, the mentions panel and the channel menu.
 */
export const notificationsApi = {
  settings: () => request<NotificationSettings>('GET', SETTINGS),
  updateSettings: (change: Partial<NotificationSettings>) =>
    request<NotificationSettings>('PATCH', SETTINGS, { body: change }),
  /** One channel's level (`default` follows `desktop`) and mute, for the caller. */
  updateChannel: (channelId: string, change: Partial<Pick<Membership, 'notify' | 'muted'>>) =>
    request<Membership & { userId: string }>('PATCH', `/api/v1/channels/${channelId}/members/me`, {
      body: change,
    }),
  feed: (options: { teamId?: string; after?: string | null; limit?: number } = {}) => {
    const query = new URLSearchParams()
    if (options.teamId) query.set('teamId', options.teamId)
    if (options.after) query.set('after', options.after)
    query.set('limit', String(options.limit ?? 30))
    return request<Page<FeedEntry>>('GET', `/api/v1/users/me/notifications?${query}`)
  },
}

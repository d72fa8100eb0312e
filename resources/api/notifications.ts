import { request } from './http'
import type { FeedEntry, NotificationSettings } from './notificationTypes'
import type { Membership, Page } from './types'

export type * from './notificationTypes'

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
    request<Membership & { userId: string }>(
      'PATCH',
      `/api/v1/channels/${encodeURIComponent(channelId)}/members/me`,
      {
        body: change,
      }
    ),
  feed: (options: { teamId?: string; after?: string | null; limit?: number } = {}) => {
    const query = new URLSearchParams()
    if (options.teamId) query.set('teamId', options.teamId)
    if (options.after) query.set('after', options.after)
    query.set('limit', String(options.limit ?? 30))
    return request<Page<FeedEntry>>('GET', `/api/v1/users/me/notifications?${query}`)
  },
}

/** The shapes of notification settings, the feed and its events (docs/api.md, Notifications). */
import type { ChannelType, Post } from './types.js'

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

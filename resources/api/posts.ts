import { request } from './http'
import type { EventsPage, Membership, Page, Post, UnreadPage } from './types'

const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&')

/** A channel's messages, sending and changing them, its read state, and catch-up. */
export const postsApi = {
  /** The latest page without a cursor; `before` pages back (`next` is the cursor to pass). */
  history: (channelId: string, cursor: { before?: string; limit?: number } = {}) =>
    request<Page<Post>>('GET', `/api/v1/channels/${channelId}/posts?${query(cursor)}`),

  aroundUnread: (channelId: string, limit = 50) =>
    request<UnreadPage>('GET', `/api/v1/channels/${channelId}/posts?around=unread&limit=${limit}`),

  /**
   * `clientId` makes a retry answer with the post the first attempt made (never twice);
   * `fileIds` attach uploaded files, and the message may then be empty.
   */
  send: (
    channelId: string,
    message: string,
    clientId: string,
    options: { rootId?: string | null; fileIds?: string[] } = {}
  ) =>
    request<Post>('POST', `/api/v1/channels/${channelId}/posts`, {
      body: {
        message,
        clientId,
        ...(options.rootId ? { rootId: options.rootId } : {}),
        ...(options.fileIds?.length ? { fileIds: options.fileIds } : {}),
      },
    }),

  /** One post as its reader sees it: with the previews (`embeds`) a stream event leaves out. */
  get: (postId: string) => request<Post>('GET', `/api/v1/posts/${postId}`),

  edit: (postId: string, message: string) =>
    request<Post>('PATCH', `/api/v1/posts/${postId}`, { body: { message } }),

  remove: (postId: string) => request<void>('DELETE', `/api/v1/posts/${postId}`),

  /** Adds or takes back the caller's reaction (`emoji` a shortcode such as `thumbsup`). */
  react: (postId: string, emoji: string, on: boolean) =>
    request<void>(
      on ? 'PUT' : 'DELETE',
      `/api/v1/posts/${postId}/reactions/${encodeURIComponent(emoji)}`
    ),

  markRead: (channelId: string, seq?: number) =>
    request<Membership>('POST', `/api/v1/channels/${channelId}/read`, {
      body: seq === undefined ? {} : { seq },
    }),

  /** A stream's events after `after`, in order (docs/realtime.md, Catch-up). */
  events: (stream: string, after: number) =>
    request<EventsPage>('GET', `/api/v1/events?${query({ stream, after, limit: 500 })}`),
}

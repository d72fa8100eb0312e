import { request } from './http'
import type {
  AroundPage,
  EventsPage,
  HistoryPage,
  Membership,
  Page,
  Post,
  PostEdit,
  UnreadPage,
} from './types'

const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&')

/** Messages a page of channel history holds. */
export const HISTORY_PAGE = 50

/** Where the page at the first unread message is read (also prefetched as the app loads). */
export const aroundUnreadPath = (channelId: string, limit = HISTORY_PAGE) =>
  `/api/v1/channels/${channelId}/posts?around=unread&limit=${limit}`

/** A channel's messages, sending and changing them, its read state, and catch-up. */
export const postsApi = {
  /**
   * The latest page without a cursor; `before` pages back and `after` forward (`next` is the
   * cursor to pass on in the same direction).
   */
  history: (channelId: string, cursor: { before?: string; after?: string; limit?: number } = {}) =>
    request<HistoryPage>('GET', `/api/v1/channels/${channelId}/posts?${query(cursor)}`),

  aroundUnread: (channelId: string, limit = HISTORY_PAGE) =>
    request<UnreadPage>('GET', aroundUnreadPath(channelId, limit)),

  /** The page at a post, for a permalink (a reply not shown in the channel: at its root). */
  around: (channelId: string, postId: string, limit = 50) =>
    request<AroundPage>(
      'GET',
      `/api/v1/channels/${channelId}/posts?${query({ around: postId, limit })}`
    ),

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

  pin: (postId: string, on: boolean) =>
    request<Post>(on ? 'PUT' : 'DELETE', `/api/v1/posts/${postId}/pin`),

  /** The channel's pinned messages, most recently posted first. */
  pins: (channelId: string) =>
    request<Page<Post>>('GET', `/api/v1/channels/${channelId}/pins?limit=100`),

  save: (postId: string, on: boolean) =>
    request<void>(on ? 'PUT' : 'DELETE', `/api/v1/posts/${postId}/save`),

  /** The caller's saved posts, most recently saved first (`after` is the page's `next`). */
  saved: (after?: string) =>
    request<Page<Post>>('GET', `/api/v1/users/me/saved?${query({ limit: HISTORY_PAGE, after })}`),

  /** Moves the caller's read point back to just before this post. */
  markUnread: (postId: string) => request<Membership>('POST', `/api/v1/posts/${postId}/unread`),

  edits: (postId: string) => request<{ data: PostEdit[] }>('GET', `/api/v1/posts/${postId}/edits`),

  markRead: (channelId: string, seq?: number) =>
    request<Membership>('POST', `/api/v1/channels/${channelId}/read`, {
      body: seq === undefined ? {} : { seq },
    }),

  /** A stream's events after `after`, in order (docs/realtime.md, Catch-up). */
  events: (stream: string, after: number) =>
    request<EventsPage>('GET', `/api/v1/events?${query({ stream, after, limit: 500 })}`),
}

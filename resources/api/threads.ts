import { request } from './http'
import type { Page, Post } from './types'

/** A thread as `GET /posts/:id/thread` answers it: the root, a page of replies, the caller's state. */
export type ThreadPage = Page<Post> & { root: Post; following: boolean; lastReadSeq: number }

/** A followed thread in the threads view. */
export type FollowedThread = {
  root: Post
  lastReadSeq: number
  unreadReplies: number
  mentions: number
}

/** Threads: reading one, following it, its read state, and the threads a person follows. */
export const threadsApi = {
  /** Any post of the thread names it; `after` continues to the next page of replies. */
  get: (postId: string, after?: string) =>
    request<ThreadPage>(
      'GET',
      `/api/v1/posts/${postId}/thread?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`
    ),

  read: (rootId: string) => request<unknown>('POST', `/api/v1/posts/${rootId}/thread/read`),

  follow: (rootId: string, following: boolean) =>
    request<void>(following ? 'PUT' : 'DELETE', `/api/v1/posts/${rootId}/thread/follow`),

  followed: (teamId: string, after?: string) =>
    request<Page<FollowedThread>>(
      'GET',
      `/api/v1/teams/${teamId}/threads?limit=30${after ? `&after=${encodeURIComponent(after)}` : ''}`
    ),

  readAll: (teamId: string) => request<unknown>('POST', `/api/v1/teams/${teamId}/threads/read`),
}

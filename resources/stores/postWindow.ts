import type { FileInfo, Post, Reaction, StreamEvent } from '../api/types.js'

/** A message typed here that the server has not taken yet. */
export type PendingPost = {
  clientId: string
  channelId: string
  message: string
  createdAt: string
  /** `sending` on its way; `queued` waits for the connection; `failed` was refused. */
  state: 'sending' | 'queued' | 'failed'
  error: string | null
  /** A reply in this thread; absent or null for a message to the channel. */
  rootId?: string | null
  /**
   * Files uploaded already, attached when it goes out (their ids as `fileIds`), and shown
   * with it meanwhile; absent for a message without files.
   */
  files?: FileInfo[]
}

/**
 * The pure rules of a channel window, apart from the store so they read (and test) alone:
 * posts are unique by id, ordered by seq, and the version that came later wins.
 */
export function mergePosts(held: Post[], incoming: Post[]) {
  if (incoming.length === 0) return held
  const byId = new Map(held.map((post) => [post.id, post]))
  for (const post of incoming) byId.set(post.id, post)
  return [...byId.values()].sort((a, b) => a.seq - b.seq)
}

/**
 * Where the "New messages" line goes in posts held: the first one after the read point
 * written by someone else (one's own messages are never unread, as the server counts them).
 */
export function firstUnread(held: Post[], lastReadSeq: number, me: string | null) {
  return held.find((post) => post.seq > lastReadSeq && post.userId !== me)?.seq ?? null
}

function replace(held: Post[], post: Post) {
  const index = held.findIndex((entry) => entry.id === post.id)
  if (index === -1) return held
  const next = held.slice()
  next[index] = post
  return next
}

export function react(reactions: Reaction[], emoji: string, userId: string, added: boolean) {
  const others = reactions.filter((reaction) => reaction.emoji !== emoji)
  const current = reactions.find((reaction) => reaction.emoji === emoji)
  const userIds = (current?.userIds ?? []).filter((id) => id !== userId)
  if (added) userIds.push(userId)
  if (userIds.length === 0) return others
  const updated = { emoji, count: userIds.length, userIds }
  return current ? reactions.map((r) => (r === current ? updated : r)) : [...others, updated]
}

/** A channel stream's event applied to the posts a window holds (others change nothing). */
export function applyEvent(held: Post[], event: StreamEvent): Post[] {
  switch (event.type) {
    case 'post.created': {
      const post: Post = event.data.post
      if (post.inChannel) return mergePosts(held, [post])
      // A reply: its root counts it.
      const root = held.find((entry) => entry.id === post.rootId)
      return root ? replace(held, { ...root, replyCount: root.replyCount + 1 }) : held
    }
    case 'post.edited':
    case 'post.deleted':
    case 'post.pinned':
    case 'post.unpinned':
      return replace(held, event.data.post)
    case 'reaction.added':
    case 'reaction.removed': {
      const { postId, userId, emoji } = event.data
      const post = held.find((entry) => entry.id === postId)
      if (!post) return held
      const reactions = react(post.reactions, emoji, userId, event.type === 'reaction.added')
      return replace(held, { ...post, reactions })
    }
    default:
      return held
  }
}

/** An open thread: its root and the replies held, in seq order. */
export type ThreadView = { root: Post; replies: Post[]; complete: boolean }

/**
 * A channel stream's event applied to an open thread: its new replies (held only once the
 * thread's pages reach its end, so none is shown out of order), and edits, deletions and
 * reactions of its root or replies. Events of other threads change nothing.
 */
export function applyThreadEvent(thread: ThreadView, event: StreamEvent): ThreadView {
  if (event.type === 'post.created') {
    const post: Post = event.data.post
    if (post.rootId !== thread.root.id) return thread
    if (thread.replies.some((reply) => reply.id === post.id)) return thread
    const root = { ...thread.root, replyCount: thread.root.replyCount + 1 }
    const replies = thread.complete ? mergePosts(thread.replies, [post]) : thread.replies
    return { ...thread, root, replies }
  }
  const [root, ...replies] = applyEvent([thread.root, ...thread.replies], event)
  if (root === thread.root && replies.every((reply, index) => reply === thread.replies[index]))
    return thread
  return { ...thread, root, replies }
}

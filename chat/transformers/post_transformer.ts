import { iso } from '#app/helpers/dates'
import type Post from '#chat/models/post'

export type ReactionSummary = { emoji: string; count: number; userIds: string[] }

/** What the page of posts needs beyond the rows: reactions and thread participants. */
export type PostExtras = {
  reactions: Map<string, ReactionSummary[]>
  participants: Map<string, string[]>
}

/**
 * A post. A deleted one keeps its place and thread structure but carries no
 * text and no reactions.
 */
export function transformPost(post: Post, extras?: PostExtras) {
  return {
    id: post.id,
    channelId: post.channelId,
    userId: post.userId,
    seq: post.seq,
    rootId: post.rootId,
    clientId: post.clientId,
    type: post.type,
    message: post.isDeleted ? '' : post.message,
    mentionsAll: post.mentionsAll,
    replyCount: post.replyCount,
    lastReplyAt: iso(post.lastReplyAt),
    participants: extras?.participants.get(post.id) ?? [],
    reactions: post.isDeleted ? [] : (extras?.reactions.get(post.id) ?? []),
    pinned: Boolean(post.pinnedAt),
    edited: Boolean(post.editedAt),
    editedAt: iso(post.editedAt),
    deleted: post.isDeleted,
    deletedAt: iso(post.deletedAt),
    createdAt: iso(post.createdAt),
  }
}

export type PostJson = ReturnType<typeof transformPost>

import type { DateTime } from 'luxon'
import { iso, isoFromDb } from '#app/helpers/dates'
import type { FileJson } from '#app/transformers/file_transformer'
import { parseProps, type PostProps } from '#chat/models/post'
import type Post from '#chat/models/post'
import { embeds, type Embed } from '#chat/services/extensions'

export type ReactionSummary = { emoji: string; count: number; userIds: string[] }

/** What the page of posts needs beyond the rows: reactions, thread participants, files. */
export type PostExtras = {
  reactions: Map<string, ReactionSummary[]>
  participants: Map<string, string[]>
  files: Map<string, FileJson[]>
  /** Previews resolved for the reader (cards…); absent when there is no reader, as on streams. */
  embeds?: Map<string, Embed[]>
  /** The posts the reader saved; absent when there is no reader. */
  saved?: Set<string>
}

type Timestamp = DateTime | string | null

/**
 * A post as the API needs it: either a Lucid model (after a write) or a
 * record read by a raw query (`postFromRow`), which list endpoints use
 * because hydrating sixty models costs more than the query.
 */
export type PostLike = {
  id: string
  channelId: string
  userId: string
  seq: number
  rootId: string | null
  clientId: string | null
  type: string
  message: string
  props: PostProps | null
  inChannel: boolean
  mentionsAll: boolean
  replyCount: number
  fileCount: number
  lastReplyId: string | null
  lastReplyAt: Timestamp
  pinnedAt: Timestamp
  editedAt: Timestamp
  deletedAt: Timestamp
  createdAt: Timestamp
}

/** The columns list reads select. */
export const POST_COLUMNS = [
  'id',
  'channel_id',
  'user_id',
  'seq',
  'root_id',
  'client_id',
  'type',
  'message',
  'props',
  'in_channel',
  'mentions_all',
  'reply_count',
  'file_count',
  'last_reply_id',
  'last_reply_at',
  'pinned_at',
  'edited_at',
  'deleted_at',
  'created_at',
].map((column) => `posts.${column}`)

/** A raw `posts` row as a PostLike. */
export function postFromRow(row: Record<string, any>): PostLike {
  return {
    id: row.id,
    channelId: row.channel_id,
    userId: row.user_id,
    seq: Number(row.seq),
    rootId: row.root_id,
    clientId: row.client_id,
    type: row.type,
    message: row.message,
    props: parseProps(row.props),
    inChannel: Boolean(row.in_channel),
    mentionsAll: Boolean(row.mentions_all),
    replyCount: Number(row.reply_count),
    fileCount: Number(row.file_count),
    lastReplyId: row.last_reply_id,
    lastReplyAt: isoFromDb(row.last_reply_at),
    pinnedAt: isoFromDb(row.pinned_at),
    editedAt: isoFromDb(row.edited_at),
    deletedAt: isoFromDb(row.deleted_at),
    createdAt: isoFromDb(row.created_at),
  }
}

function toIso(value: Timestamp) {
  return typeof value === 'string' || value === null ? value : iso(value)
}

/**
 * A post's props for its reader: ids of things previewed (a message's cards) only as far as the
 * reader's previews go, none where no reader is known.
 */
function propsOf(post: PostLike | Post, extras?: PostExtras) {
  const shown = extras?.embeds ? (extras.embeds.get(post.id) ?? []) : undefined
  return embeds.propsFor(post.props, shown)
}

/**
 * A post's previews for its reader. Where no reader is known (stream events)
 * and the post may carry some, `null`: the client fetches the post to see
 * what this reader may see.
 */
function embedsOf(post: PostLike | Post, extras?: PostExtras): Embed[] | null {
  const resolved = extras?.embeds?.get(post.id)
  if (resolved) return resolved
  if (extras?.embeds) return []
  return embeds.mayEmbed(post) ? null : []
}

/**
 * A post. A deleted one keeps its place and thread structure but carries no
 * text and no reactions.
 */
export function transformPost(post: PostLike | Post, extras?: PostExtras) {
  const deleted = Boolean(post.deletedAt)
  return {
    id: post.id,
    channelId: post.channelId,
    userId: post.userId,
    seq: post.seq,
    rootId: post.rootId,
    clientId: post.clientId,
    type: post.type,
    message: deleted ? '' : post.message,
    props: deleted ? null : propsOf(post, extras),
    inChannel: post.inChannel,
    mentionsAll: post.mentionsAll,
    replyCount: post.replyCount,
    lastReplyAt: toIso(post.lastReplyAt),
    participants: extras?.participants.get(post.id) ?? [],
    reactions: deleted ? [] : (extras?.reactions.get(post.id) ?? []),
    files: deleted ? [] : (extras?.files.get(post.id) ?? []),
    embeds: deleted ? [] : embedsOf(post, extras),
    pinned: Boolean(post.pinnedAt),
    // The reader's own: left out where there is no reader (stream events).
    ...(extras?.saved ? { saved: extras.saved.has(post.id) } : {}),
    edited: Boolean(post.editedAt),
    editedAt: toIso(post.editedAt),
    deleted,
    deletedAt: toIso(post.deletedAt),
    createdAt: toIso(post.createdAt),
  }
}

/** The extras of a post just created: no reactions or replies yet, the files it carries. */
export function newPostExtras(post: { id: string }, files: FileJson[]): PostExtras {
  return { reactions: new Map(), participants: new Map(), files: new Map([[post.id, files]]) }
}

export type PostJson = ReturnType<typeof transformPost>

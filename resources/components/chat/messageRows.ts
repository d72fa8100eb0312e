import type { FileInfo, Post, Reaction } from '../../api/types.js'
import type { PendingPost } from '../../stores/postWindow.js'

/** One row of the message list: a post, or a message still on its way. */
export type MessageRow = {
  key: string
  /** The post shown, or null for a message still on its way. */
  post: Post | null
  postId: string | null
  seq: number | null
  userId: string | null
  author: string
  message: string
  createdAt: string
  /** Post id and edit time: what the rendered markdown is cached by. */
  renderKey: string
  edited: boolean
  deleted: boolean
  reactions: Reaction[]
  /** Its files; none once deleted. */
  files: FileInfo[]
  replyCount: number
  state: 'sent' | PendingPost['state']
  error: string | null
  /** Follows a message of the same author within minutes: no avatar or name. */
  grouped: boolean
  /** A date line above the row, when the day changes. */
  day: string | null
  /** The "New messages" line above the row. */
  firstUnread: boolean
}

const GROUP_WITHIN_MS = 5 * 60 * 1000
/** One empty list for every row without files, so unchanged rows compare equal. */
const NO_FILES: FileInfo[] = []

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
})
const dayKey = (date: Date) => `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`

function dayLabel(date: Date, now: Date) {
  if (dayKey(date) === dayKey(now)) return 'Today'
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  if (dayKey(date) === dayKey(yesterday)) return 'Yesterday'
  const label = dayFormat.format(date)
  return date.getFullYear() === now.getFullYear() ? label : `${label}, ${date.getFullYear()}`
}

/**
 * The rows of a channel's list: its posts in order (a deleted one only while it keeps a
 * thread), then what this browser is still sending, grouped by author and day.
 *
 * A row keeps its height when an older page is put above it, so the list never jumps: the
 * first row names its day only when the history starts there (`complete`), and a row that
 * was first before a page came (`breaks`, by seq) stays the head of its group.
 */
export function messageRows(
  posts: Post[],
  pending: PendingPost[],
  options: {
    me: string | null
    nameOf: (userId: string | null) => string
    firstUnreadSeq: number | null
    /** The history's first message is held (nothing older to load). */
    complete?: boolean
    breaks?: ReadonlySet<number>
  }
): MessageRow[] {
  const now = new Date()
  const rows: MessageRow[] = []
  const sent = posts
    .filter((post) => !post.deleted || post.replyCount > 0)
    .map((post): MessageRow => ({
      key: post.id,
      post,
      postId: post.id,
      seq: post.seq,
      userId: post.userId,
      author: options.nameOf(post.userId),
      message: post.message,
      createdAt: post.createdAt,
      renderKey: `${post.id}:${post.editedAt ?? ''}`,
      edited: post.edited,
      deleted: post.deleted,
      reactions: post.reactions,
      files: post.deleted ? NO_FILES : (post.files ?? NO_FILES),
      replyCount: post.replyCount,
      state: 'sent',
      error: null,
      grouped: false,
      day: null,
      firstUnread: options.firstUnreadSeq !== null && post.seq === options.firstUnreadSeq,
    }))
  const waiting = pending.map((post): MessageRow => ({
    key: post.clientId,
    post: null,
    postId: null,
    seq: null,
    userId: options.me,
    author: options.nameOf(options.me),
    message: post.message,
    createdAt: post.createdAt,
    renderKey: `pending:${post.clientId}`,
    edited: false,
    deleted: false,
    reactions: [],
    files: post.files ?? NO_FILES,
    replyCount: 0,
    state: post.state,
    error: post.error,
    grouped: false,
    day: null,
    firstUnread: false,
  }))
  let previous: MessageRow | null = null
  for (const row of [...sent, ...waiting]) {
    const date = new Date(row.createdAt)
    const before = previous ? new Date(previous.createdAt) : null
    const dayChanged = before ? dayKey(before) !== dayKey(date) : options.complete !== false
    if (dayChanged) row.day = dayLabel(date, now)
    row.grouped =
      previous !== null &&
      !row.day &&
      !(row.seq !== null && options.breaks?.has(row.seq)) &&
      !row.firstUnread &&
      previous.userId === row.userId &&
      date.getTime() - before!.getTime() < GROUP_WITHIN_MS
    rows.push(row)
    previous = row
  }
  return rows
}

/**
 * The rows just computed, each replaced by the one shown before when nothing in it changed:
 * the same objects, so the list's messages that did not change are not rendered again when a
 * page of history or a new message arrives.
 */
export function keepUnchanged(previous: readonly MessageRow[], next: MessageRow[]) {
  if (previous.length === 0) return next
  const byKey = new Map(previous.map((row) => [row.key, row]))
  return next.map((row) => {
    const before = byKey.get(row.key)
    return before && sameRow(before, row) ? before : row
  })
}

function sameRow(a: MessageRow, b: MessageRow) {
  for (const field of Object.keys(b) as (keyof MessageRow)[]) {
    if (a[field] !== b[field]) return false
  }
  return true
}

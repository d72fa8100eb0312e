import type * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import User from '#app/models/user'
import Channel from '#chat/models/channel'
import Post from '#chat/models/post'
import PostService, { type AfterPost } from '#chat/services/post_service'
import NotificationService, { type NotificationKind } from '#chat/services/notification_service'
import { parseMentions } from '#chat/services/mentions'
import type { CardProjection } from '#boards/document/index'
import Board from '#boards/models/board'
import { cardEditors } from '#boards/services/card_editors'
import { dueMillis, type CardBefore, type ProjectedChange } from '#boards/services/card_projection'
import CardThreads, {
  CARD_ACTIVITY_POST,
  cardPostMessage,
  existingUsers,
  type CardThread,
} from '#boards/services/card_threads'

/** Changes by one person to one card within this long of their last activity post join it. */
export const COALESCE_MS = 60_000

/**
 * A card's post follows text typed over a socket once the typing has
 * paused this long, so a description written keystroke by keystroke is one
 * `post.edited` (and one re-index), not four a second.
 */
export const TEXT_SETTLE_MS = 2000

export type ColumnRef = { id: string; label: string } | null

export type ActivityChange =
  | { kind: 'moved'; from: ColumnRef; to: ColumnRef }
  | { kind: 'assigned'; userIds: string[] }
  | { kind: 'unassigned'; userIds: string[] }
  | { kind: 'due'; from: string | null; to: string | null }
  | { kind: 'archived' }
  | { kind: 'unarchived' }
  | { kind: 'deleted' }

const isoOf = (millis: number | null) =>
  millis === null ? null : DateTime.fromMillis(millis, { zone: 'utc' }).toISO()

function column(card: CardProjection): ColumnRef {
  return card.groupValue ? { id: card.groupValue, label: card.groupLabel ?? '' } : null
}

/** What changed of a card that its thread reports: column, people, due date, archiving. */
export function diffCard(
  before: CardBefore & { groupLabel?: string | null },
  card: CardProjection
) {
  const changes: ActivityChange[] = []
  if (before.groupValue !== card.groupValue) {
    const from = before.groupValue
      ? { id: before.groupValue, label: before.groupLabel ?? '' }
      : null
    changes.push({ kind: 'moved', from, to: column(card) })
  }
  const added = card.assignees.filter((id) => !before.assignees.includes(id))
  const dropped = before.assignees.filter((id) => !card.assignees.includes(id))
  if (added.length > 0) changes.push({ kind: 'assigned', userIds: added })
  if (dropped.length > 0) changes.push({ kind: 'unassigned', userIds: dropped })
  const due = dueMillis(card.dueAt)
  if (before.dueAt !== due) changes.push({ kind: 'due', from: isoOf(before.dueAt), to: isoOf(due) })
  if (!before.archived && card.archived) changes.push({ kind: 'archived' })
  if (before.archived && !card.archived) changes.push({ kind: 'unarchived' })
  return changes
}

/**
 * Folds later changes into earlier ones, as one person's quick succession
 * of edits reads best: a card moved twice was moved from the first column
 * to the last; assigning then unassigning someone cancels out.
 */
export function mergeChanges(earlier: ActivityChange[], later: ActivityChange[]) {
  const moved = [...earlier, ...later].filter((change) => change.kind === 'moved')
  const dues = [...earlier, ...later].filter((change) => change.kind === 'due')
  const people = new Map<string, 'assigned' | 'unassigned'>()
  let archived: boolean | null = null
  let deleted = false
  for (const change of [...earlier, ...later]) {
    if (change.kind === 'assigned' || change.kind === 'unassigned') {
      for (const id of change.userIds) {
        const was = people.get(id)
        if (was && was !== change.kind) people.delete(id)
        else people.set(id, change.kind)
      }
    }
    if (change.kind === 'archived') archived = archived === false ? null : true
    if (change.kind === 'unarchived') archived = archived === true ? null : false
    if (change.kind === 'deleted') deleted = true
  }
  const merged: ActivityChange[] = []
  if (moved.length > 0) {
    const from = moved[0].from
    const to = moved[moved.length - 1].to
    if (from?.id !== to?.id) merged.push({ kind: 'moved', from, to })
  }
  const listOf = (kind: 'assigned' | 'unassigned') =>
    [...people].filter(([, value]) => value === kind).map(([id]) => id)
  if (listOf('assigned').length > 0) merged.push({ kind: 'assigned', userIds: listOf('assigned') })
  if (listOf('unassigned').length > 0) {
    merged.push({ kind: 'unassigned', userIds: listOf('unassigned') })
  }
  if (dues.length > 0) {
    const from = dues[0].from
    const to = dues[dues.length - 1].to
    if (from !== to) merged.push({ kind: 'due', from, to })
  }
  if (archived === true) merged.push({ kind: 'archived' })
  if (archived === false) merged.push({ kind: 'unarchived' })
  if (deleted) merged.push({ kind: 'deleted' })
  return merged
}

/** A due date as people read it: the day alone at midnight UTC, else the day and time in UTC. */
export function dueText(at: DateTime) {
  const utc = at.toUTC()
  return utc.hour === 0 && utc.minute === 0
    ? utc.toISODate()!
    : utc.toFormat("yyyy-LL-dd HH:mm 'UTC'")
}

function day(value: string | null) {
  return value ? dueText(DateTime.fromISO(value, { zone: 'utc' })) : ''
}

/** The sentence an activity post shows, e.g. "moved this card from **To do** to **Doing**". */
export function describeChanges(changes: ActivityChange[], usernames: Map<string, string>) {
  const people = (ids: string[]) => ids.map((id) => `@${usernames.get(id) ?? 'someone'}`).join(', ')
  const label = (ref: ColumnRef) => `**${ref ? ref.label || 'Unnamed column' : 'No column'}**`
  const parts = changes.map((change) => {
    switch (change.kind) {
      case 'moved':
        return `moved this card from ${label(change.from)} to ${label(change.to)}`
      case 'assigned':
        return `assigned ${people(change.userIds)}`
      case 'unassigned':
        return `unassigned ${people(change.userIds)}`
      case 'due':
        if (!change.to) return 'removed the due date'
        if (!change.from) return `set the due date to ${day(change.to)}`
        return `changed the due date from ${day(change.from)} to ${day(change.to)}`
      case 'archived':
        return 'archived this card'
      case 'unarchived':
        return 'restored this card'
      case 'deleted':
        return 'deleted this card'
    }
  })
  return parts.length > 0 ? parts.join('; ') : 'changed this card and changed it back'
}

/** The people named by changes, as `id → username`: one query. */
async function usernamesOf(changes: ActivityChange[]) {
  const ids = changes.flatMap((change) => ('userIds' in change ? change.userIds : []))
  if (ids.length === 0) return new Map<string, string>()
  const rows = await db
    .from('users')
    .whereIn('id', [...new Set(ids)])
    .select('id', 'username')
  return new Map(rows.map((row) => [row.id as string, row.username as string]))
}

/**
 * Card activity in chat, from what the projection wrote: each new card gets
 * its thread; column moves, (un)assignments, due dates and archiving become
 * compact replies there (and in the channel if the board says so), one
 * person's quick succession of changes coalesced into one reply; new title
 * or description text updates the card's post; assignees and people newly
 * mentioned in the description are notified.
 */
export default class CardActivity {
  #posts = new PostService()
  #settling = new Map<string, NodeJS.Timeout>()

  async projected(boardId: string, changes: ProjectedChange[], removed: string[], _doc: Y.Doc) {
    // Made per run: it takes its connection when made (tests run in one global transaction).
    const cardThreads = new CardThreads()
    const { edited: editors, live } = cardEditors.take(boardId)
    const board = await Board.find(boardId)
    if (!board) return
    const ids = [...changes.map(({ card }) => card.id), ...removed]
    const threads = await cardThreads.byCards(boardId, ids)
    const known = await existingUsers([
      ...editors.values(),
      ...changes.flatMap(({ card }) => [card.createdBy, card.updatedBy]),
      board.creatorId,
    ])
    const firstKnown = (...candidates: Array<string | null | undefined>) =>
      candidates.find((id): id is string => typeof id === 'string' && known.has(id)) ?? null

    // New cards get their thread; cards from before threads existed get one quietly.
    const unthreaded = changes.filter(({ card }) => !threads.has(card.id))
    for (const quiet of [false, true]) {
      const cards = unthreaded
        .filter(({ before }) => (before !== null) === quiet)
        .map(({ card }) => card)
      const authorOf = (card: CardProjection) =>
        firstKnown(editors.get(card.id), card.createdBy, board.creatorId)
      const opened = await cardThreads.open(board, cards, authorOf, {
        quiet,
        // A new card's assignees and the people its description mentions hear of it at once.
        after: (card) => async (trx, recorder, post) => {
          const channel = await Channel.findOrFail(board.channelId, { client: trx })
          const actor = authorOf(card)!
          await this.#notifyMentioned(trx, recorder, post, channel, actor, '', post.message)
          if (card.assignees.length === 0) return
          await this.#posts.followThread(trx, post, channel.teamId, card.assignees)
          await this.#notify(trx, recorder, post, channel, actor, card.assignees, 'assigned')
        },
      })
      for (const [cardId, thread] of opened) threads.set(cardId, thread)
    }

    const changed = changes.filter(({ before, card }) => before !== null && threads.has(card.id))
    const gone = removed.filter((id) => threads.has(id))
    if (changed.length === 0 && gone.length === 0) return
    const channel = await Channel.findOrFail(board.channelId)
    const roots = await cardThreads.roots([
      ...changed.map(({ card }) => threads.get(card.id)!),
      ...gone.map((id) => threads.get(id)!),
    ])

    for (const { card, before } of changed) {
      const root = roots.get(card.id)
      if (!root || root.isDeleted) continue
      const actor = firstKnown(editors.get(card.id), card.updatedBy) ?? root.userId
      await this.#safely(card.id, async () => {
        if (live.has(card.id)) this.#settleRoot(board, channel, card, actor)
        else {
          // A one-off write: now, and text still settling from a socket is superseded.
          clearTimeout(this.#settling.get(card.id))
          this.#settling.delete(card.id)
          await this.#refreshRoot(channel, root, card, actor)
        }
        const activity = diffCard(before!, card)
        if (activity.length > 0) {
          await this.#report(board, channel, threads.get(card.id)!, root, actor, activity)
        }
      })
    }
    for (const cardId of gone) {
      const root = roots.get(cardId)
      if (!root || root.isDeleted) continue
      const actor = firstKnown(editors.get(cardId)) ?? root.userId
      await this.#safely(cardId, () =>
        this.#report(board, channel, threads.get(cardId)!, root, actor, [{ kind: 'deleted' }])
      )
    }
  }

  async #safely(cardId: string, work: () => Promise<void>) {
    try {
      await work()
    } catch (error) {
      logger.error({ err: error, cardId }, 'card activity could not be posted')
    }
  }

  /** Refreshes the card's post once its text has stopped changing for TEXT_SETTLE_MS. */
  #settleRoot(board: Board, channel: Channel, card: CardProjection, actor: string) {
    clearTimeout(this.#settling.get(card.id))
    const timer = setTimeout(() => {
      this.#settling.delete(card.id)
      void this.#safely(card.id, async () => {
        const thread = await new CardThreads().byCard(board.id, card.id)
        const root = thread ? await Post.find(thread.rootId) : null
        if (root && !root.isDeleted) await this.#refreshRoot(channel, root, card, actor)
      })
    }, TEXT_SETTLE_MS)
    timer.unref()
    this.#settling.set(card.id, timer)
  }

  /** The card's post follows its title and description; people newly mentioned there hear of it. */
  async #refreshRoot(channel: Channel, root: Post, card: CardProjection, actor: string) {
    const message = cardPostMessage(card)
    if (root.message === message) return
    const before = root.message
    await this.#posts.updateSystem(channel, root, { message }, (trx, recorder, post) =>
      this.#notifyMentioned(trx, recorder, post, channel, actor, before, message)
    )
  }

  /** Notifies the channel's members mentioned in `now` but not in `before` (the card's text). */
  async #notifyMentioned(
    trx: Parameters<AfterPost>[0],
    recorder: Parameters<AfterPost>[1],
    post: Post,
    channel: Channel,
    actor: string,
    before: string,
    now: string
  ) {
    const earlier = new Set(parseMentions(before).usernames)
    const added = parseMentions(now).usernames.filter((name) => !earlier.has(name))
    if (added.length === 0) return
    const rows = await trx
      .from('users')
      .join('channel_members', 'channel_members.user_id', 'users.id')
      .where('channel_members.channel_id', channel.id)
      .whereIn('users.username', added)
      .select('users.id')
    const userIds = rows.map((row) => row.id as string)
    await this.#notify(trx, recorder, post, channel, actor, userIds, 'mention')
  }

  /** Posts the changes in the card's thread, or folds them into the actor's last activity post. */
  async #report(
    board: Board,
    channel: Channel,
    thread: CardThread,
    root: Post,
    actor: string,
    changes: ActivityChange[]
  ) {
    const last = root.lastReplyId ? await Post.find(root.lastReplyId) : null
    const recent =
      last &&
      !last.isDeleted &&
      last.type === CARD_ACTIVITY_POST &&
      last.userId === actor &&
      Date.now() - last.createdAt.toMillis() < COALESCE_MS
    const earlier = recent ? ((last.props?.changes as ActivityChange[] | undefined) ?? []) : []
    const merged = recent ? mergeChanges(earlier, changes) : changes
    const message = describeChanges(merged, await usernamesOf(merged))
    const assigned = changes.flatMap((change) => (change.kind === 'assigned' ? change.userIds : []))
    const after: AfterPost = async (trx, recorder, post) => {
      if (assigned.length === 0) return
      await this.#posts.followThread(trx, root, channel.teamId, assigned)
      await this.#notify(trx, recorder, post, channel, actor, assigned, 'assigned')
    }
    const props = {
      cardId: thread.cardId,
      boardId: board.id,
      ref: root.props?.ref ?? null,
      changes: merged,
    }
    if (recent) {
      await this.#posts.updateSystem(channel, last, { message, props }, after)
      return
    }
    await this.#posts.createSystem(
      channel,
      {
        userId: actor,
        type: CARD_ACTIVITY_POST,
        message,
        props,
        rootId: root.id,
        inChannel: board.channelActivity === 'all',
      },
      after
    )
  }

  async #notify(
    trx: Parameters<AfterPost>[0],
    recorder: Parameters<AfterPost>[1],
    post: Post,
    channel: Channel,
    actorId: string,
    userIds: string[],
    kind: NotificationKind
  ) {
    if (userIds.length === 0) return
    const author = await User.findOrFail(actorId, { client: trx })
    await new NotificationService(trx).notifyUsers(recorder, {
      post,
      channel,
      author,
      userIds,
      kind,
    })
  }
}

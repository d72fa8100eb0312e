import type * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import { dbTimestamp } from '#app/helpers/dates'
import { isId } from '#app/helpers/ids'
import { boardProjection, type CardProjection as Projected } from '#boards/document/index'

/** The columns an upsert rewrites on a board's own row (its id and board never change). */
const MERGED = [
  'title',
  'group_value',
  'group_label',
  'group_color',
  'due_at',
  'archived',
  'position',
  'checklist_done',
  'checklist_total',
  'field_values',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
] as const

/** A change is in the `cards` table at most this long after it reached the server. */
export const PROJECTION_DELAY_MS = 250

/** What the rows said of a card before a projection changed them. */
export type CardBefore = {
  title: string
  groupValue: string | null
  groupLabel: string | null
  /** Epoch milliseconds. */
  dueAt: number | null
  archived: boolean
  assignees: string[]
}

/** A card the projection wrote: as it is now, and as it was (null for a new card). */
export type ProjectedChange = { card: Projected; before: CardBefore | null }

type ProjectedListener = (
  boardId: string,
  changes: ProjectedChange[],
  removed: string[],
  doc: Y.Doc
) => Promise<void>

/** A projected due date (`YYYY-MM-DD` is midnight UTC) as epoch milliseconds. */
export function dueMillis(value: string | null) {
  if (!value) return null
  const at = DateTime.fromISO(value, { zone: 'utc' })
  return at.isValid ? at.toMillis() : null
}

/**
 * Keeps each board's cards as rows (`cards`, `card_assignees`) so queries,
 * permissions, reminders, exports and search need not open documents.
 * Changes are gathered per board for PROJECTION_DELAY_MS, then written as
 * a diff against what was last written: unchanged cards cost nothing.
 */
class CardProjection {
  #written = new Map<string, Map<string, string>>()
  #timers = new Map<string, NodeJS.Timeout>()
  #running = new Map<string, Promise<void>>()
  #listeners = new Set<ProjectedListener>()
  /** Per board, the card ids its document holds that another board owns: never projected. */
  #refused = new Map<string, Set<string>>()

  /** Hears the cards each projection wrote, after it committed (card activity). */
  onProjected(listener: ProjectedListener) {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Called on every persisted change of a board's document. */
  schedule(boardId: string, doc: Y.Doc) {
    if (this.#timers.has(boardId)) return
    const timer = setTimeout(() => {
      this.#timers.delete(boardId)
      void this.#run(boardId, doc)
    }, PROJECTION_DELAY_MS)
    this.#timers.set(boardId, timer)
  }

  /** Projects a board now (after pending work), e.g. before an export or in tests. */
  async flush(boardId: string, doc: Y.Doc) {
    const timer = this.#timers.get(boardId)
    if (timer) {
      clearTimeout(timer)
      this.#timers.delete(boardId)
    }
    await this.#run(boardId, doc)
  }

  /** Forgets a board unloaded from memory (its rows stay), and any projection still pending. */
  forget(boardId: string) {
    clearTimeout(this.#timers.get(boardId))
    this.#timers.delete(boardId)
    this.#written.delete(boardId)
    this.#refused.delete(boardId)
  }

  async #run(boardId: string, doc: Y.Doc) {
    const previous = this.#running.get(boardId) ?? Promise.resolve()
    const next = previous
      .then(() => this.project(boardId, doc))
      .catch((error) => logger.error({ err: error, boardId }, 'card projection failed'))
    this.#running.set(boardId, next)
    await next
    if (this.#running.get(boardId) === next) this.#running.delete(boardId)
  }

  /**
   * Writes the difference between the document's cards and the rows. A card id is bound to the
   * board that first projected it, for good: a key of this document naming a card of another
   * board (a row there, or a thread outliving its card) is never written, and stays refused.
   */
  async project(boardId: string, doc: Y.Doc) {
    const written = this.#written.get(boardId) ?? (await this.#load(boardId))
    const refused = this.#refused.get(boardId) ?? new Set<string>()
    const now = new Map<string, Projected>(
      boardProjection(doc)
        .filter((card) => !refused.has(card.id))
        .map((card) => [card.id, card])
    )

    // In id order, so two projections lock the rows they share in the same order.
    const changed = [...now.values()]
      .filter((card) => written.get(card.id) !== JSON.stringify(card))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const removed = [...written.keys()].filter((id) => !now.has(id))
    if (changed.length === 0 && removed.length === 0) return

    const projected: ProjectedChange[] = []
    const foreign: string[] = []
    await db.transaction(async (trx) => {
      if (removed.length > 0) {
        await trx.from('cards').where('board_id', boardId).whereIn('id', removed).delete()
      }
      for (let index = 0; index < changed.length; index += 200) {
        const batch = changed.slice(index, index + 200)
        const before = await this.#before(trx, boardId, batch)
        const ours = await this.#write(trx, boardId, batch)
        const kept = batch.filter((card) => ours.has(card.id))
        foreign.push(...batch.filter((card) => !ours.has(card.id)).map((card) => card.id))
        if (kept.length === 0) continue
        const keptIds = kept.map((card) => card.id)
        await trx.from('card_assignees').whereIn('card_id', keptIds).delete()
        const assignees = kept.flatMap((card) =>
          card.assignees.map((userId) => ({ card_id: card.id, user_id: userId, board_id: boardId }))
        )
        if (assignees.length > 0) await trx.table('card_assignees').multiInsert(assignees)
        for (const card of kept) projected.push({ card, before: before.get(card.id) ?? null })
      }
    })
    for (const id of removed) written.delete(id)
    for (const { card } of projected) written.set(card.id, JSON.stringify(card))
    this.#written.set(boardId, written)
    if (foreign.length > 0) {
      for (const id of foreign) refused.add(id)
      this.#refused.set(boardId, refused)
      logger.warn({ boardId, cardIds: foreign }, 'card ids of another board are not projected')
    }
    if (projected.length === 0 && removed.length === 0) return
    for (const listener of this.#listeners) {
      await listener(boardId, projected, removed, doc).catch((error) =>
        logger.error({ err: error, boardId }, 'a card projection listener failed')
      )
    }
  }

  /**
   * Upserts the cards that are this board's or no board's yet, and answers which of them are
   * now this board's rows. The upsert itself is conditional on the board, so a row another
   * board projected first, even a moment ago in a concurrent transaction, is left as it is.
   */
  async #write(trx: TransactionClientContract, boardId: string, cards: Projected[]) {
    const wanted = cards.map((card) => card.id)
    // A deleted card's thread keeps its id: no other board may take it.
    const threaded = await trx
      .from('card_threads')
      .whereIn('card_id', wanted)
      .whereNot('board_id', boardId)
      .select('card_id')
    const taken = new Set(threaded.map((row) => row.card_id as string))
    const free = cards.filter((card) => !taken.has(card.id))
    if (free.length === 0) return new Set<string>()
    const ids = free.map((card) => card.id)
    const upsert = trx
      .table('cards')
      .multiInsert(free.map((card) => this.#row(trx, boardId, card)))
      .knexQuery.onConflict('id')
    if (trx.dialect.name === 'mysql') {
      // MySQL's upsert takes no WHERE: each column of another board's row keeps its value.
      const keep = (column: string) =>
        trx.knexRawQuery('IF(board_id = VALUES(board_id), VALUES(??), ??)', [column, column])
      await upsert.merge(Object.fromEntries(MERGED.map((column) => [column, keep(column)])))
    } else {
      await upsert.merge([...MERGED]).where('cards.board_id', boardId)
    }
    // Rows this board holds now (on MySQL a locking-free read sees its own writes, not others').
    const rows = await trx.from('cards').where('board_id', boardId).whereIn('id', ids).select('id')
    return new Set(rows.map((row) => row.id as string))
  }

  /** The rows of these cards as they are before this projection writes: two queries. */
  async #before(trx: TransactionClientContract, boardId: string, cards: Projected[]) {
    const ids = cards.map((card) => card.id)
    const [rows, people] = await Promise.all([
      trx
        .from('cards')
        .where('board_id', boardId)
        .whereIn('id', ids)
        .select('id', 'title', 'group_value', 'group_label', 'due_at', 'archived'),
      trx
        .from('card_assignees')
        .where('board_id', boardId)
        .whereIn('card_id', ids)
        .select('card_id', 'user_id'),
    ])
    const before = new Map<string, CardBefore>()
    for (const row of rows) {
      before.set(row.id, {
        title: row.title,
        groupValue: row.group_value,
        groupLabel: row.group_label,
        dueAt: row.due_at === null ? null : new Date(row.due_at).getTime(),
        archived: Boolean(row.archived),
        assignees: [],
      })
    }
    for (const row of people) before.get(row.card_id)?.assignees.push(row.user_id)
    return before
  }

  #row(trx: { dialect: { dateTimeFormat: string } }, boardId: string, card: Projected) {
    const at = (value: string | null) => (value ? dbTimestamp(trx, DateTime.fromISO(value)) : null)
    return {
      id: card.id,
      board_id: boardId,
      title: card.title.slice(0, 500),
      group_value: card.groupValue,
      group_label: card.groupLabel?.slice(0, 120) ?? null,
      group_color: card.groupColor,
      due_at: at(card.dueAt),
      archived: card.archived,
      position: card.position,
      checklist_done: card.checklistDone,
      checklist_total: card.checklistTotal,
      field_values: JSON.stringify(card.values),
      // Uuid columns: a document naming no one there (an imported card, say) stores null.
      created_by: isId(card.createdBy) ? card.createdBy : null,
      updated_by: isId(card.updatedBy) ? card.updatedBy : null,
      created_at: at(card.createdAt) ?? dbTimestamp(trx),
      updated_at: at(card.updatedAt) ?? dbTimestamp(trx),
    }
  }

  /** What the rows hold now, so a restarted server writes only real changes. */
  async #load(boardId: string) {
    const rows = await db.from('cards').where('board_id', boardId).select('id')
    // Unknown content: a marker that matches no projection, so each card is rewritten once.
    return new Map<string, string>(rows.map((row) => [row.id, '']))
  }
}

export const cardProjections = new CardProjection()

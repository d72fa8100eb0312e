import type * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import { dbTimestamp } from '#app/helpers/dates'
import { isId } from '#app/helpers/ids'
import { boardProjection, type CardProjection as Projected } from '#boards/document/index'

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

  /** Writes the difference between the document's cards and the rows. */
  async project(boardId: string, doc: Y.Doc) {
    const written = this.#written.get(boardId) ?? (await this.#load(boardId))
    const now = new Map<string, Projected>(boardProjection(doc).map((card) => [card.id, card]))

    const changed = [...now.values()].filter(
      (card) => written.get(card.id) !== JSON.stringify(card)
    )
    const removed = [...written.keys()].filter((id) => !now.has(id))
    if (changed.length === 0 && removed.length === 0) return

    const projected: ProjectedChange[] = []
    await db.transaction(async (trx) => {
      if (removed.length > 0) await trx.from('cards').whereIn('id', removed).delete()
      for (let index = 0; index < changed.length; index += 200) {
        const batch = changed.slice(index, index + 200)
        const ids = batch.map((card) => card.id)
        const before = await this.#before(trx, ids)
        await trx
          .table('cards')
          .multiInsert(batch.map((card) => this.#row(trx, boardId, card)))
          .knexQuery.onConflict('id')
          .merge()
        await trx.from('card_assignees').whereIn('card_id', ids).delete()
        const assignees = batch.flatMap((card) =>
          card.assignees.map((userId) => ({ card_id: card.id, user_id: userId, board_id: boardId }))
        )
        if (assignees.length > 0) await trx.table('card_assignees').multiInsert(assignees)
        for (const card of batch) projected.push({ card, before: before.get(card.id) ?? null })
      }
    })
    for (const id of removed) written.delete(id)
    for (const card of changed) written.set(card.id, JSON.stringify(card))
    this.#written.set(boardId, written)
    for (const listener of this.#listeners) {
      await listener(boardId, projected, removed, doc).catch((error) =>
        logger.error({ err: error, boardId }, 'a card projection listener failed')
      )
    }
  }

  /** The rows of these cards as they are before this projection writes: two queries. */
  async #before(trx: TransactionClientContract, ids: string[]) {
    const [rows, people] = await Promise.all([
      trx
        .from('cards')
        .whereIn('id', ids)
        .select('id', 'title', 'group_value', 'group_label', 'due_at', 'archived'),
      trx.from('card_assignees').whereIn('card_id', ids).select('card_id', 'user_id'),
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

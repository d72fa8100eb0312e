import type User from '#app/models/user'
import db from '@adonisjs/lucid/services/db'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import { dbTimestamp } from '#app/helpers/dates'
import { DateTime } from 'luxon'
import {
  archiveCard,
  BoardDocumentError,
  boardJson,
  byPosition,
  cardJson,
  columnsOf,
  createCard,
  deleteCard,
  moveCard,
  groupField,
  updateCard,
  type Actor,
  type CardJson,
} from '#boards/document/index'
import { documentStore } from '#boards/services/document_store'
import { cardProjections } from '#boards/services/card_projection'
import { findVisibleBoard, type BoardAccess } from '#boards/services/board_access'

export type NewCard = {
  title: string
  description?: string
  column?: string | null
  values?: Record<string, unknown>
  afterId?: string
  beforeId?: string
}

export type CardChanges = {
  title?: string
  description?: string
  values?: Record<string, unknown>
  column?: string | null
  position?: { afterId?: string; beforeId?: string; index?: number }
  archived?: boolean
}

export type CardFilters = {
  column?: string
  assignee?: string
  dueBefore?: string
  dueAfter?: string
  q?: string
  archived?: boolean
  values?: Record<string, string>
  limit?: number
}

/** A refusal of the document as our API error: 404 for what is not there, else 422. */
function asApiError(error: unknown): never {
  if (!(error instanceof BoardDocumentError)) throw error
  if (error.code === 'not_found' && error.field === 'cardId') throw ApiError.notFound('Card')
  throw ApiError.invalid(error.field, error.code, error.message)
}

/**
 * Cards through the REST API, for integrations. Each write is one Yjs
 * transaction on the server's copy of the document: stored, broadcast to
 * connected clients and projected to SQL before the answer goes out.
 */
export default class CardService {
  /** Loads a card the user may see (through its board); anything else is a 404. */
  async findVisible(user: User, cardId: string) {
    const row = isId(cardId)
      ? await db.from('cards').where('id', cardId).select('board_id').first()
      : null
    if (!row) throw ApiError.notFound('Card')
    const access = await findVisibleBoard(user, row.board_id).catch(() => {
      throw ApiError.notFound('Card')
    })
    return access
  }

  /** The board's document as JSON: fields, views, columns and cards. */
  async document(access: BoardAccess) {
    const doc = await documentStore.open(access.board.id)
    try {
      return boardJson(doc)
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  async show(access: BoardAccess, cardId: string) {
    const doc = await documentStore.open(access.board.id)
    try {
      return cardJson(doc, cardId)
    } catch (error) {
      return asApiError(error)
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  async create(user: User, access: BoardAccess, params: NewCard) {
    const actor: Actor = { userId: user.id, origin: 'rest' }
    const id = await this.#write(access, (doc) => createCard(doc, params, actor))
    return this.show(access, id)
  }

  /** Title, description and values; a column or position moves it; `archived` (un)archives it. */
  async update(user: User, access: BoardAccess, cardId: string, changes: CardChanges) {
    const actor: Actor = { userId: user.id, origin: 'rest' }
    const { column, position, archived, ...content } = changes
    await this.#write(access, (doc) => {
      if (Object.keys(content).length > 0) updateCard(doc, cardId, content, actor)
      if (column !== undefined || position !== undefined) {
        moveCard(doc, cardId, { ...(column !== undefined ? { column } : {}), ...position }, actor)
      }
      if (archived !== undefined) archiveCard(doc, cardId, archived, actor)
    })
    return this.show(access, cardId)
  }

  async delete(access: BoardAccess, cardId: string) {
    await this.#write(access, (doc) => deleteCard(doc, cardId, 'rest'))
  }

  /**
   * Cards from the SQL projection, in column order: by column, assignee,
   * due date, words of the title, field values, archived. Two queries.
   */
  async list(access: BoardAccess, filters: CardFilters) {
    const query = db
      .from('cards')
      .where('cards.board_id', access.board.id)
      .where('cards.archived', filters.archived ?? false)
      .orderByRaw(columnOrder())
      .select('cards.id')
      .limit(filters.limit ?? 500)
    if (filters.column !== undefined) {
      if (filters.column === '') query.whereNull('cards.group_value')
      else query.where('cards.group_value', filters.column)
    }
    if (filters.assignee) {
      query.whereExists((inner) =>
        inner
          .from('card_assignees')
          .whereRaw('card_assignees.card_id = cards.id')
          .where('card_assignees.user_id', filters.assignee!)
      )
    }
    const at = (value: string) =>
      dbTimestamp(db.connection(), DateTime.fromISO(value, { zone: 'utc' }))
    if (filters.dueBefore) query.where('cards.due_at', '<', at(filters.dueBefore))
    if (filters.dueAfter) query.where('cards.due_at', '>=', at(filters.dueAfter))
    if (filters.q) {
      // An escape character of our own: SQLite has none by default, and `\` needs quoting per dialect.
      const pattern = `%${escapeLike(filters.q.toLowerCase())}%`
      query.whereRaw(`LOWER(cards.title) LIKE ? ESCAPE '!'`, [pattern])
    }
    const rows = await query
    const doc = await documentStore.open(access.board.id)
    try {
      const cards = rows.map((row) => cardJsonOrNull(doc, row.id)).filter((card) => card !== null)
      const wanted = Object.entries(filters.values ?? {})
      const matching = wanted.length === 0 ? cards : cards.filter((c) => matchesValues(c, wanted))
      return inColumnOrder(doc, matching)
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  async #write<T>(access: BoardAccess, change: (doc: import('yjs').Doc) => T) {
    try {
      const result = await documentStore.transact(access.board.id, change, 'rest')
      const doc = await documentStore.open(access.board.id)
      try {
        await cardProjections.flush(access.board.id, doc)
      } finally {
        documentStore.release(access.board.id, doc)
      }
      return result
    } catch (error) {
      return asApiError(error)
    }
  }
}

/**
 * SQL for the board's order: "no value" first on every database (PostgreSQL sorts NULLs last),
 * and positions compared byte by byte, as the document compares them (MySQL's default collation
 * ignores case; PostgreSQL's follows the locale).
 */
function columnOrder() {
  const dialect = db.connection().dialect.name
  const binary =
    dialect === 'mysql' ? ' COLLATE utf8mb4_bin' : dialect === 'postgres' ? ' COLLATE "C"' : ''
  return `CASE WHEN cards.group_value IS NULL THEN 0 ELSE 1 END, cards.group_value, cards.position${binary}, cards.id`
}

/**
 * Cards in the board's order: by kanban column, then (position, id) compared as plain strings,
 * as the document orders them; SQL collations (case-insensitive on MySQL) may not.
 */
function inColumnOrder(doc: import('yjs').Doc, cards: CardJson[]) {
  const group = groupField(doc)
  const columns = columnsOf(doc).map((column) => column.id)
  const rank = (card: CardJson) => {
    const value = group ? card.values[group.id] : null
    return columns.indexOf(typeof value === 'string' ? value : null)
  }
  return cards.sort((a, b) => rank(a) - rank(b) || byPosition(a, b))
}

function cardJsonOrNull(doc: import('yjs').Doc, id: string) {
  try {
    return cardJson(doc, id)
  } catch {
    return null
  }
}

/** A value filter: `field.<id>=<value>` matches a scalar, or membership of a list. */
function matchesValues(card: { values: Record<string, unknown> }, wanted: Array<[string, string]>) {
  return wanted.every(([fieldId, value]) => {
    const actual = card.values[fieldId]
    if (Array.isArray(actual)) return actual.map(String).includes(value)
    return actual !== null && actual !== undefined && String(actual) === value
  })
}

function escapeLike(text: string) {
  return text.replace(/[!%_]/g, (char) => `!${char}`)
}

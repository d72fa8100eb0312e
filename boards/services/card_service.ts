import type User from '#app/models/user'
import db from '@adonisjs/lucid/services/db'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import { dbTimestamp } from '#app/helpers/dates'
import { DateTime } from 'luxon'
import {
  addChecklistItem,
  archiveCard,
  BoardDocumentError,
  boardJson,
  byPosition,
  cardJson,
  cardTitleFrom,
  columnsOf,
  createCard,
  deleteCard,
  moveCard,
  moveChecklistItem,
  groupField,
  removeChecklistItem,
  updateCard,
  updateChecklistItem,
  type ChecklistItemJson,
  type Actor,
  type CardJson,
} from '#boards/document/index'
import { documentStore } from '#boards/services/document_store'
import { cardProjections } from '#boards/services/card_projection'
import { findVisibleBoard, type BoardAccess } from '#boards/services/board_access'
import CardThreads, { cardUrl, existingUsers, type CardThread } from '#boards/services/card_threads'
import type Board from '#boards/models/board'
import type Post from '#chat/models/post'
import type Channel from '#chat/models/channel'
import PostService from '#chat/services/post_service'
import { MAX_EMBEDS_PER_POST } from '#chat/services/extensions'

/** A card with where it lives in chat: its number and reference, its thread, its message. */
export type LinkedCardJson = CardJson & {
  boardId: string
  number: number | null
  ref: string | null
  threadId: string | null
  sourcePostId: string | null
  url: string
}

function linked(
  board: Board,
  card: CardJson,
  thread: CardThread | null | undefined
): LinkedCardJson {
  return {
    ...card,
    boardId: board.id,
    number: thread?.number ?? null,
    ref: thread && board.key ? `${board.key}-${thread.number}` : null,
    threadId: thread?.rootId ?? null,
    sourcePostId: thread?.sourcePostId ?? null,
    url: cardUrl(board.id, card.id),
  }
}

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

export type NewChecklistItem = { text: string; afterId?: string; beforeId?: string }

export type ChecklistItemChanges = {
  text?: string
  done?: boolean
  afterId?: string
  beforeId?: string
  index?: number
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
  if (error.code === 'not_found' && error.field === 'itemId') {
    throw ApiError.notFound('Checklist item')
  }
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
      const json = boardJson(doc)
      const threads = await new CardThreads().byCards(
        access.board.id,
        json.cards.map((card) => card.id)
      )
      const cards = json.cards.map((card) => linked(access.board, card, threads.get(card.id)))
      return { ...json, cards }
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  /** The board's columns (the group field's options, "No value" first), without its cards. */
  async columns(access: BoardAccess) {
    const doc = await documentStore.open(access.board.id)
    try {
      return { groupBy: groupField(doc)?.id ?? null, data: columnsOf(doc) }
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  async show(access: BoardAccess, cardId: string): Promise<LinkedCardJson> {
    const doc = await documentStore.open(access.board.id)
    try {
      const card = cardJson(doc, cardId)
      return linked(access.board, card, await new CardThreads().byCard(access.board.id, cardId))
    } catch (error) {
      return asApiError(error)
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  async create(user: User, access: BoardAccess, params: NewCard) {
    const actor: Actor = { userId: user.id, origin: 'rest' }
    const id = await this.#write(user, access, (doc) => createCard(doc, params, actor))
    return this.show(access, id)
  }

  /** Title, description and values; a column or position moves it; `archived` (un)archives it. */
  async update(user: User, access: BoardAccess, cardId: string, changes: CardChanges) {
    const actor: Actor = { userId: user.id, origin: 'rest' }
    const { column, position, archived, ...content } = changes
    await this.#write(user, access, (doc) => {
      if (Object.keys(content).length > 0) updateCard(doc, cardId, content, actor)
      if (column !== undefined || position !== undefined) {
        moveCard(doc, cardId, { ...(column !== undefined ? { column } : {}), ...position }, actor)
      }
      if (archived !== undefined) archiveCard(doc, cardId, archived, actor)
    })
    return this.show(access, cardId)
  }

  /** Adds an item to a card's checklist (last unless placed) and answers it. */
  async addChecklistItem(user: User, access: BoardAccess, cardId: string, item: NewChecklistItem) {
    const actor: Actor = { userId: user.id, origin: 'rest' }
    const id = await this.#write(user, access, (doc) => addChecklistItem(doc, cardId, item, actor))
    return this.#checklistItem(access, cardId, id)
  }

  /** Changes an item's text or tick; `afterId`, `beforeId` or `index` moves it. One change. */
  async updateChecklistItem(
    user: User,
    access: BoardAccess,
    cardId: string,
    itemId: string,
    changes: ChecklistItemChanges
  ) {
    const actor: Actor = { userId: user.id, origin: 'rest' }
    const { text, done, ...placement } = changes
    // The move first: what it may refuse (an unknown neighbour) is refused before anything is
    // written, and what the update checks the validator has already checked.
    await this.#write(user, access, (doc) => {
      if (Object.keys(placement).length > 0) {
        moveChecklistItem(doc, cardId, itemId, placement, actor)
      }
      if (text !== undefined || done !== undefined || Object.keys(placement).length === 0) {
        updateChecklistItem(doc, cardId, itemId, { text, done }, actor)
      }
    })
    return this.#checklistItem(access, cardId, itemId)
  }

  async removeChecklistItem(user: User, access: BoardAccess, cardId: string, itemId: string) {
    const actor: Actor = { userId: user.id, origin: 'rest' }
    await this.#write(user, access, (doc) => removeChecklistItem(doc, cardId, itemId, actor))
  }

  async #checklistItem(access: BoardAccess, cardId: string, itemId: string) {
    const card = await this.show(access, cardId)
    return card.checklist.find((item) => item.id === itemId) as ChecklistItemJson
  }

  async delete(user: User, access: BoardAccess, cardId: string) {
    await this.#write(user, access, (doc) => deleteCard(doc, cardId, 'rest'))
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
      const threads = await new CardThreads().byCards(
        access.board.id,
        matching.map((card) => card.id)
      )
      return inColumnOrder(doc, matching).map((card) =>
        linked(access.board, card, threads.get(card.id))
      )
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  /**
   * One transaction on the server's copy, attributed to the caller (card
   * activity names them), then projected before the answer goes out.
   */
  /**
   * A card made from a message: the card's description quotes it unless
   * given, the card links to it (`sourcePostId`) and the message shows the
   * card (its props list the card, so readers who may see it get a preview).
   */
  async createFromPost(
    user: User,
    access: BoardAccess,
    source: { post: Post; channel: Channel },
    params: { column?: string | null; title?: string; description?: string }
  ) {
    const { post } = source
    if (post.isDeleted || post.type !== '') {
      throw ApiError.invalid('postId', 'not_a_message', 'Cards can be made from messages only')
    }
    const column =
      params.column === undefined ? undefined : await this.#column(access, params.column)
    const card = await this.create(user, access, {
      title: params.title ?? cardTitleFrom(post.message),
      description: params.description ?? post.message,
      ...(column !== undefined ? { column } : {}),
    })
    await db
      .from('card_threads')
      .where({ card_id: card.id, board_id: access.board.id })
      .update({ source_post_id: post.id })
    const cardIds = Array.isArray(post.props?.cardIds) ? (post.props.cardIds as string[]) : []
    await new PostService().updateSystem(source.channel, post, {
      props: { ...post.props, cardIds: [...cardIds, card.id].slice(-MAX_EMBEDS_PER_POST) },
    })
    return this.show(access, card.id)
  }

  /** A column by option id or name (any case); `null` or `""` is "no column". */
  async #column(access: BoardAccess, input: string | null) {
    if (input === null || input === '') return null
    const doc = await documentStore.open(access.board.id)
    try {
      const match = findColumn(doc, input)
      if (match === undefined) {
        throw ApiError.invalid('column', 'unknown_column', `This board has no column "${input}"`)
      }
      return match
    } finally {
      documentStore.release(access.board.id, doc)
    }
  }

  /**
   * The card's thread, opening one (quietly: not in the channel) for a card
   * that has none yet, such as one from before card threads.
   */
  async thread(user: User, access: BoardAccess, cardId: string) {
    const threads = new CardThreads()
    const existing = await threads.byCard(access.board.id, cardId)
    if (existing) return existing
    const card = await this.show(access, cardId)
    // Written in the name of the card's maker when they still exist, else of whoever asked.
    const known = await existingUsers([card.createdBy])
    const author = known.has(card.createdBy) ? card.createdBy : user.id
    const opened = await threads.open(access.board, [card], () => author, { quiet: true })
    const thread = opened.get(cardId)
    if (!thread) throw ApiError.notFound('Card')
    return thread
  }

  async #write<T>(user: User, access: BoardAccess, change: (doc: import('yjs').Doc) => T) {
    try {
      const origin = { userId: user.id, via: 'rest' }
      const result = await documentStore.transact(access.board.id, change, origin)
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

/** A column's option id from its id or its name (any case): undefined if none matches. */
export function findColumn(doc: import('yjs').Doc, input: string): string | null | undefined {
  const wanted = input.trim().toLowerCase()
  const columns = columnsOf(doc).filter((column) => column.id !== null)
  const found =
    columns.find((column) => column.id === input) ??
    columns.find((column) => column.label.trim().toLowerCase() === wanted)
  return found ? found.id : undefined
}

/** A card title from a message: its first line without markdown marks, at most 120 characters. */
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

import type * as Y from 'yjs'
import {
  assigneeField,
  byPosition,
  cardJson,
  cardsOf,
  dueDateField,
  fieldList,
  groupField,
  viewList,
  type CardJson,
  type FieldJson,
  type OptionColor,
  type Placement,
  type ViewJson,
} from '../../boards/document/index.js'
import { matches } from './viewQuery.js'

/** What a card's front shows: light, so a column of hundreds stays cheap to render. */
export interface CardFront {
  id: string
  title: string
  position: string
  column: string | null
  assignees: string[]
  /** `YYYY-MM-DD` or an ISO date-time, or null. */
  due: string | null
  /** Checklist items done out of all, or null when it has no checklist. */
  progress: { done: number; total: number } | null
}

export interface ColumnModel {
  id: string | null
  label: string
  color: OptionColor | null
  cards: CardFront[]
}

export interface BoardModel {
  /** The select field the columns come from, or null (then there is one "No value" column). */
  groupField: FieldJson | null
  /** The columns, holding only the cards that pass the view's filters. */
  columns: ColumnModel[]
  /** The columns the board view leaves out (its `hiddenColumns`), with their cards. */
  hiddenColumns: ColumnModel[]
  cardCount: number
  /** Every field, in field order. */
  fields: FieldJson[]
  /** Every view, in tab order, and the one shown (null on a board without views). */
  views: ViewJson[]
  view: ViewJson | null
  /** Every open card, filtered or not, by id: what the table queries. */
  cards: ReadonlyMap<string, CardJson>
}

/**
 * The cards a transaction touched, from the events of `cards.observeDeep`: those added,
 * changed or removed at the top, and those something inside changed. The incremental readers
 * (the kanban's, the calendar's) read only these again.
 */
export function* touchedCards(doc: Y.Doc, events: Array<Y.YEvent<any>>): Iterable<string> {
  for (const event of events) {
    const cardId = event.path[0]
    if (event.target === cardsOf(doc)) yield* event.changes.keys.keys()
    else if (typeof cardId === 'string') yield cardId
  }
}

/** The fields a card front reads, found once per change of the fields. */
interface FrontFields {
  group: FieldJson | null
  assignee: FieldJson | null
  due: FieldJson | null
}

function frontOf(card: CardJson, fields: FrontFields): CardFront {
  const column = fields.group ? card.values[fields.group.id] : null
  const people = fields.assignee ? card.values[fields.assignee.id] : null
  const due = fields.due ? card.values[fields.due.id] : null
  return {
    id: card.id,
    title: card.title,
    position: card.position,
    column: typeof column === 'string' ? column : null,
    assignees: Array.isArray(people) ? people : [],
    due: typeof due === 'string' ? due : null,
    progress: card.progress.total > 0 ? card.progress : null,
  }
}

/** The kanban columns of a select field: "no value" first, then its options in order. */
function columnsFor(group: FieldJson | null): ColumnModel[] {
  const none = { id: null, label: group ? `No ${group.name}` : 'No value', color: null, cards: [] }
  return [
    none,
    ...(group?.options ?? []).map(({ id, label, color }) => ({ id, label, color, cards: [] })),
  ]
}

/**
 * The read model of a board document and its shown view, kept up to date as the document
 * changes: cards are cached by id and only the cards a transaction touched are read again
 * (all of them when fields, views or the group change), then the columns are regrouped and
 * sorted. The view's filters decide which cards the columns hold and its `groupBy` (else the
 * board's) which field they come from. Reading goes through boards/document/, like every
 * other reader of a board.
 */
export class BoardReader {
  #cards = new Map<string, CardJson>()
  #fronts = new Map<string, CardFront>()
  #fields: FrontFields = { group: null, assignee: null, due: null }
  #fieldList: FieldJson[] = []
  #byId = new Map<string, FieldJson>()
  #views: ViewJson[] = []
  #view: ViewJson | null = null
  #viewId: string | null = null
  #stale = true

  constructor(readonly doc: Y.Doc) {}

  /** Shows view `id` (null or unknown: the first view); everything is read again. */
  showView(id: string | null) {
    if (id === this.#viewId) return
    this.#viewId = id
    this.#stale = true
  }

  /** Notes what a transaction changed (the events of `cards.observeDeep` and the others). */
  changed(events: Array<Y.YEvent<any>>) {
    if (this.#stale) return
    for (const id of touchedCards(this.doc, events)) this.#refresh(id)
  }

  /** Everything is read again on the next `model()` (fields, views or meta changed). */
  invalidate() {
    this.#stale = true
  }

  #refresh(id: string) {
    const map = cardsOf(this.doc).get(id)
    if (!map) {
      this.#fronts.delete(id)
      return
    }
    const card = cardJson(this.doc, id)
    if (card.archived) {
      this.#cards.delete(id)
      this.#fronts.delete(id)
      return
    }
    this.#cards.set(id, card)
    if (matches(card, this.#view?.filters ?? [], this.#byId)) {
      this.#fronts.set(id, frontOf(card, this.#fields))
    } else {
      this.#fronts.delete(id)
    }
  }

  model(): BoardModel {
    if (this.#stale) {
      const fields = fieldList(this.doc)
      this.#fieldList = fields
      this.#byId = new Map(fields.map((field) => [field.id, field]))
      this.#views = viewList(this.doc)
      this.#view = this.#views.find((view) => view.id === this.#viewId) ?? this.#views[0] ?? null
      const viewGroup = this.#view?.groupBy ? this.#byId.get(this.#view.groupBy) : undefined
      this.#fields = {
        group: viewGroup?.type === 'select' ? viewGroup : groupField(this.doc),
        assignee: assigneeField(fields),
        due: dueDateField(fields),
      }
      this.#cards.clear()
      this.#fronts.clear()
      for (const id of cardsOf(this.doc).keys()) this.#refresh(id)
      this.#stale = false
    }
    const columns = columnsFor(this.#fields.group)
    const byId = new Map(columns.map((column) => [column.id, column]))
    for (const front of this.#fronts.values()) {
      // A value naming a removed option reads as no value (docs/boards.md).
      ;(byId.get(front.column) ?? columns[0]).cards.push(front)
    }
    for (const column of columns) column.cards.sort(byPosition)
    // A board view may leave columns out ("" is "No value"); other kinds show them all.
    const hidden = new Set(this.#view?.kind === 'board' ? this.#view.hiddenColumns : [])
    const isHidden = (column: ColumnModel) => hidden.has(column.id ?? '')
    return {
      groupField: this.#fields.group,
      columns: hidden.size ? columns.filter((column) => !isHidden(column)) : columns,
      hiddenColumns: hidden.size ? columns.filter(isHidden) : [],
      cardCount: this.#fronts.size,
      fields: this.#fieldList,
      views: this.#views,
      view: this.#view,
      cards: this.#cards,
    }
  }
}

/** The whole read model of a document at once (tests, and a first render). */
export function readBoard(doc: Y.Doc): BoardModel {
  return new BoardReader(doc).model()
}

/**
 * Where a card goes when it is dropped at `index` of a column listing `ids` (the column as
 * shown, the moving card left out): after the card above it, else before the card below it,
 * else first. Neighbours, not indexes, so a concurrent change elsewhere in the column does
 * not shift the drop.
 */
export function placementAt(ids: string[], movingId: string, index: number): Placement {
  const rest = ids.filter((id) => id !== movingId)
  const at = Math.max(0, Math.min(index, rest.length))
  if (at > 0) return { afterId: rest[at - 1] }
  if (rest.length > 0) return { beforeId: rest[0] }
  return { index: 0 }
}

/** A card held by the keyboard: the column it would land in and its index there. */
export interface HeldCard {
  cardId: string
  column: number
  /** The index in the target column, the held card left out. */
  index: number
}

export type MoveKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End'

/**
 * Where a held card goes on an arrow key: up and down within the column, left and right to
 * the same place in the next column (or its end when it is shorter); Home and End to the top
 * and bottom. Stays put at the edges.
 */
export function keyboardTarget(
  columns: Array<{ cards: Array<{ id: string }> }>,
  held: HeldCard,
  key: MoveKey
): HeldCard {
  const length = (column: number) =>
    columns[column].cards.filter((card) => card.id !== held.cardId).length
  let { column, index } = held
  if (key === 'ArrowUp') index = Math.max(0, index - 1)
  if (key === 'ArrowDown') index = Math.min(length(column), index + 1)
  if (key === 'Home') index = 0
  if (key === 'End') index = length(column)
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    column = Math.max(0, Math.min(columns.length - 1, column + (key === 'ArrowLeft' ? -1 : 1)))
    index = Math.min(index, length(column))
  }
  return { cardId: held.cardId, column, index }
}

/**
 * The columns as they look while a card is held by the keyboard: the card out of its column
 * and in the one it would land in, at its index. Only what is shown: nothing is written
 * until the card is dropped.
 */
export function previewHeld(columns: ColumnModel[], held: HeldCard | null): ColumnModel[] {
  if (!held) return columns
  const card = columns.flatMap((column) => column.cards).find((entry) => entry.id === held.cardId)
  if (!card) return columns
  return columns.map((column, at) => {
    const cards = column.cards.filter((entry) => entry.id !== held.cardId)
    if (at === held.column) cards.splice(held.index, 0, card)
    return cards.length === column.cards.length && at !== held.column
      ? column
      : { ...column, cards }
  })
}

/** Where a card is: its column's index and its index there, or null when it is not shown. */
export function findCard(columns: ColumnModel[], cardId: string): HeldCard | null {
  for (const [column, entry] of columns.entries()) {
    const index = entry.cards.findIndex((card) => card.id === cardId)
    if (index >= 0) return { cardId, column, index }
  }
  return null
}

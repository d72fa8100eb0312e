import * as Y from 'yjs'
import { v7 as uuidv7 } from 'uuid'
import { BoardDocumentError } from './errors.js'
import { columnEntries, columnOf } from './json.js'
import { indexFor, placeAt, type Placement } from './positions.js'
import {
  cardsOf,
  fieldList,
  groupField,
  requireCard,
  requireField,
  type Actor,
  type CellValue,
  type FieldJson,
} from './schema.js'
import { transact, type YMap } from './maps.js'
import { setText, textOf } from './text.js'
import { LIMITS, validateString, validateValue } from './values.js'

/** Which select field's columns a card is placed in: the board's group field unless named. */
interface InColumns {
  /** A select field's id, for a board view grouped by another field than the board's. */
  groupBy?: string
}

export interface CreateCardInput extends Placement, InColumns {
  title?: string
  description?: string
  /** An option id of the group field, or null for "no value"; wins over `values`. */
  column?: string | null
  values?: Record<string, unknown>
}

export interface UpdateCardInput {
  title?: string
  description?: string
  /** Field id → new value; null clears it. Fields not named keep their value. */
  values?: Record<string, unknown>
}

export interface MoveCardInput extends Placement, InColumns {
  /** The target column; left out, the card stays in its column and only its place changes. */
  column?: string | null
}

function checkValues(doc: Y.Doc, values: Record<string, unknown>): Map<string, CellValue> {
  const fields = new Map(fieldList(doc).map((field) => [field.id, field]))
  const checked = new Map<string, CellValue>()
  for (const [fieldId, value] of Object.entries(values)) {
    const field = fields.get(fieldId)
    if (!field) throw new BoardDocumentError(`values.${fieldId}`, 'unknown_field', 'No such field')
    checked.set(fieldId, validateValue(field, value))
  }
  return checked
}

/** The select field whose options are the columns: `groupBy`, else the board's group field. */
function columnsField(doc: Y.Doc, groupBy: string | undefined): FieldJson | null {
  if (groupBy === undefined) return groupField(doc)
  const field = requireField(doc, groupBy, 'groupBy')
  if (field.type !== 'select') {
    throw new BoardDocumentError('groupBy', 'invalid_type', 'Columns come from a select field')
  }
  return field
}

function checkColumn(group: FieldJson | null, column: string | null) {
  if (column === null) return
  if (!group) throw new BoardDocumentError('column', 'no_columns', 'This board has no group field')
  if (!group.options?.some((option) => option.id === column)) {
    throw new BoardDocumentError('column', 'unknown_option', 'No such column')
  }
}

/** Writes new positions (the moved card's, and its neighbours' when a tie had to be spread). */
function writePositions(doc: Y.Doc, positions: Map<string, string>) {
  for (const [id, position] of positions) cardsOf(doc).get(id)?.set('position', position)
}

function writeValues(card: YMap, values: Map<string, CellValue>) {
  let map = card.get('values')
  if (!(map instanceof Y.Map)) card.set('values', (map = new Y.Map()))
  for (const [fieldId, value] of values) {
    if (value === null) (map as YMap).delete(fieldId)
    else (map as YMap).set(fieldId, value)
  }
}

function touch(card: YMap, actor: Actor) {
  card.set('updatedAt', new Date().toISOString())
  card.set('updatedBy', actor.userId)
}

const originOf = (actor: Actor) => (actor.origin === undefined ? actor : actor.origin)

/** Creates a card (placed last in its column unless told otherwise) and returns its id. */
export function createCard(doc: Y.Doc, input: CreateCardInput, actor: Actor): string {
  const title = validateString('title', input.title ?? '', LIMITS.title)
  const description = validateString('description', input.description ?? '', LIMITS.description)
  const values = checkValues(doc, input.values ?? {})
  const group = columnsField(doc, input.groupBy)
  const given = group ? values.get(group.id) : null
  const column = input.column !== undefined ? input.column : ((given as string | undefined) ?? null)
  checkColumn(group, column)
  if (group) values.set(group.id, column)
  const list = columnEntries(doc, column, group)
  const id = uuidv7()
  const positions = placeAt(list, indexFor(list, input), id)
  const now = new Date().toISOString()
  transact(doc, originOf(actor), () => {
    const card = new Y.Map<unknown>()
    cardsOf(doc).set(id, card)
    card.set('title', new Y.Text(title))
    card.set('description', new Y.Text(description))
    card.set('values', new Y.Map())
    card.set('checklist', new Y.Map())
    card.set('archived', false)
    for (const key of ['createdAt', 'updatedAt']) card.set(key, now)
    for (const key of ['createdBy', 'updatedBy']) card.set(key, actor.userId)
    writeValues(card, values)
    writePositions(doc, positions)
  })
  return id
}

/** Changes a card's title, description or values; each changes only what differs. */
export function updateCard(doc: Y.Doc, id: string, input: UpdateCardInput, actor: Actor) {
  const card = requireCard(doc, id)
  const title =
    input.title === undefined ? undefined : validateString('title', input.title, LIMITS.title)
  const description =
    input.description === undefined
      ? undefined
      : validateString('description', input.description, LIMITS.description)
  const values = checkValues(doc, input.values ?? {})
  transact(doc, originOf(actor), () => {
    if (title !== undefined) setText(textOf(card, 'title'), title)
    if (description !== undefined) setText(textOf(card, 'description'), description)
    writeValues(card, values)
    touch(card, actor)
  })
}

/**
 * Moves a card to another place in its column or to another column: the group value and the
 * position change in one transaction. Concurrent moves of one card settle on one column and
 * one place everywhere (each key is last-writer-wins), and a card is never duplicated.
 */
export function moveCard(doc: Y.Doc, id: string, input: MoveCardInput, actor: Actor) {
  const card = requireCard(doc, id)
  const group = columnsField(doc, input.groupBy)
  const column = input.column !== undefined ? input.column : columnOf(card, group)
  checkColumn(group, column)
  const list = columnEntries(doc, column, group).filter((entry) => entry.id !== id)
  const positions = placeAt(list, indexFor(list, input), id)
  transact(doc, originOf(actor), () => {
    if (group && input.column !== undefined) writeValues(card, new Map([[group.id, column]]))
    writePositions(doc, positions)
    touch(card, actor)
  })
}

/** Archives a card (it leaves the columns but keeps its values and place) or restores it. */
export function archiveCard(doc: Y.Doc, id: string, archived: boolean, actor: Actor) {
  const card = requireCard(doc, id)
  transact(doc, originOf(actor), () => {
    card.set('archived', archived)
    touch(card, actor)
  })
}

/** Deletes a card for good. Edits made to it concurrently elsewhere are dropped on merge. */
export function deleteCard(doc: Y.Doc, id: string, origin?: unknown) {
  requireCard(doc, id)
  transact(doc, origin, () => cardsOf(doc).delete(id))
}

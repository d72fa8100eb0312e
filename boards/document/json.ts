import * as Y from 'yjs'
import type { Placed } from './positions.js'
import {
  progressOf,
  readChecklist,
  type ChecklistItemJson,
  type ChecklistProgress,
} from './checklists.js'
import { readValue } from './values.js'
import { viewList, type ViewJson } from './views.js'
import {
  SCHEMA_VERSION,
  cardsOf,
  fieldList,
  groupField,
  metaOf,
  requireCard,
  type CellValue,
  type FieldJson,
  type OptionColor,
} from './schema.js'
import { byPosition, readString, readText, type YMap } from './maps.js'

/** A card as plain JSON: what a UI renders and REST returns. */
export interface CardJson {
  id: string
  title: string
  description: string
  /** Every field of the board, computed ones filled from the card, null for no value. */
  values: Record<string, CellValue>
  /** The checklist items in order, and how many are done. */
  checklist: ChecklistItemJson[]
  progress: ChecklistProgress
  position: string
  archived: boolean
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

/** A kanban column: an option of the group field, or `id: null` for cards with no value. */
export interface ColumnJson {
  id: string | null
  label: string
  color: OptionColor | null
}

export interface BoardJson {
  schemaVersion: number
  groupBy: string | null
  fields: FieldJson[]
  views: ViewJson[]
  /** The open (not archived) cards of each column, in order. */
  columns: Array<ColumnJson & { cardIds: string[] }>
  /** Every card, archived ones included, in (position, id) order. */
  cards: CardJson[]
}

const COMPUTED = {
  created_at: 'createdAt',
  created_by: 'createdBy',
  updated_at: 'updatedAt',
  updated_by: 'updatedBy',
} as const

/** Reads one card map with the board's fields already read. */
export function readCard(id: string, card: YMap, fields: FieldJson[]): CardJson {
  const stored = card.get('values')
  const checklist = readChecklist(card)
  const json: CardJson = {
    id,
    title: readText(card, 'title'),
    description: readText(card, 'description'),
    values: {},
    checklist,
    progress: progressOf(checklist),
    position: readString(card, 'position'),
    archived: card.get('archived') === true,
    createdAt: readString(card, 'createdAt'),
    createdBy: readString(card, 'createdBy'),
    updatedAt: readString(card, 'updatedAt'),
    updatedBy: readString(card, 'updatedBy'),
  }
  for (const field of fields) {
    const computed = COMPUTED[field.type as keyof typeof COMPUTED]
    const raw = stored instanceof Y.Map ? stored.get(field.id) : undefined
    json.values[field.id] = computed ? json[computed] || null : readValue(field, raw)
  }
  return json
}

/** One card as plain JSON. */
export function cardJson(doc: Y.Doc, id: string): CardJson {
  return readCard(id, requireCard(doc, id), fieldList(doc))
}

/** The group value of a card: an option id of the group field, or null. */
export function columnOf(card: YMap, group: FieldJson | null): string | null {
  const values = card.get('values')
  if (!group || !(values instanceof Y.Map)) return null
  return readValue(group, values.get(group.id)) as string | null
}

/** The kanban columns: "no value" first, then the group field's options in their order. */
export function columnsOf(doc: Y.Doc): ColumnJson[] {
  const group = groupField(doc)
  const none: ColumnJson = { id: null, label: group ? `No ${group.name}` : 'No value', color: null }
  return [none, ...(group?.options ?? []).map(({ id, label, color }) => ({ id, label, color }))]
}

/**
 * The open cards of a column as `{ id, position }`, in order: what placing a card needs. The
 * columns are the board's group field's unless another select field is given.
 */
export function columnEntries(
  doc: Y.Doc,
  column: string | null,
  group: FieldJson | null = groupField(doc)
): Placed[] {
  const entries: Placed[] = []
  for (const [id, card] of cardsOf(doc).entries()) {
    if (!(card instanceof Y.Map) || card.get('archived') === true) continue
    if (columnOf(card, group) === column)
      entries.push({ id, position: readString(card, 'position') })
  }
  return entries.sort(byPosition)
}

/** The open cards of a column (null: "no value"), ordered by (position, id). */
export function cardsInColumn(doc: Y.Doc, column: string | null): CardJson[] {
  const fields = fieldList(doc)
  return columnEntries(doc, column).map(({ id }) => readCard(id, cardsOf(doc).get(id)!, fields))
}

/** The whole board as plain JSON, identical on every replica that has the same updates. */
export function boardJson(doc: Y.Doc): BoardJson {
  const fields = fieldList(doc)
  const group = groupField(doc)
  const cards: CardJson[] = []
  for (const [id, card] of cardsOf(doc).entries()) {
    if (card instanceof Y.Map) cards.push(readCard(id, card, fields))
  }
  cards.sort(byPosition)
  const columns = columnsOf(doc).map((column) => ({ ...column, cardIds: [] as string[] }))
  const byId = new Map(columns.map((column) => [column.id, column]))
  for (const card of cards) {
    if (card.archived) continue
    const value = group ? card.values[group.id] : null
    byId.get(typeof value === 'string' ? value : null)?.cardIds.push(card.id)
  }
  const version = metaOf(doc).get('schemaVersion')
  return {
    schemaVersion: typeof version === 'number' ? version : SCHEMA_VERSION,
    groupBy: group?.id ?? null,
    fields,
    views: viewList(doc),
    columns,
    cards,
  }
}

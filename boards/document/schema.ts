import * as Y from 'yjs'
import { BoardDocumentError } from './errors.js'
import { isOneOf, orderedEntries, readString, type YMap } from './maps.js'

/**
 * The shape of one board's `Y.Doc` (named `board:<id>`). Four top-level maps:
 *
 *   meta    schemaVersion, groupBy (the select field the kanban columns come from)
 *   fields  fieldId → Y.Map { name, type, position, options?: Y.Array<Y.Map { id, label, color }> }
 *   views   viewId  → Y.Map { name, kind, position, groupBy, dateField, sort, filters, hiddenFields }
 *   cards   cardId  → Y.Map { title: Y.Text, description: Y.Text, values: Y.Map<fieldId, value>,
 *                             position, archived, createdAt, createdBy, updatedAt, updatedBy,
 *                             checklist: Y.Map<itemId, Y.Map { text, done, position }> }
 *
 * A card without `checklist` (made before checklists) has an empty one: the key is optional,
 * so the schema version stays 1.
 *
 * Fields and views carry a fractional `position` like cards do: a Y.Map's key order differs
 * between replicas, so every list is ordered by (position, id) to read the same everywhere.
 */
export const SCHEMA_VERSION = 1

export const STORED_FIELD_TYPES = [
  'text',
  'number',
  'select',
  'multi_select',
  'person',
  'date',
  'checkbox',
  'url',
] as const
export const COMPUTED_FIELD_TYPES = [
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
] as const
export const FIELD_TYPES = [...STORED_FIELD_TYPES, ...COMPUTED_FIELD_TYPES] as const
export const OPTION_COLORS = [
  'gray',
  'brown',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'red',
] as const
export const VIEW_KINDS = ['board', 'table', 'calendar'] as const
export const FILTER_OPS = ['is', 'is_not', 'contains', 'is_empty', 'is_not_empty'] as const

export type StoredFieldType = (typeof STORED_FIELD_TYPES)[number]
export type ComputedFieldType = (typeof COMPUTED_FIELD_TYPES)[number]
export type FieldType = (typeof FIELD_TYPES)[number]
export type OptionColor = (typeof OPTION_COLORS)[number]
export type ViewKind = (typeof VIEW_KINDS)[number]
export type FilterOp = (typeof FILTER_OPS)[number]

/** What a card holds for one field; `null` is "no value". */
export type CellValue = string | number | boolean | string[] | null

export interface SelectOption {
  id: string
  label: string
  color: OptionColor
}

export interface FieldJson {
  id: string
  name: string
  type: FieldType
  /** Only on `select` and `multi_select`, in column order. */
  options?: SelectOption[]
}

/** Who makes a change, and the Yjs transaction origin to tag it with (defaults to the actor). */
export interface Actor {
  userId: string
  origin?: unknown
}

export const metaOf = (doc: Y.Doc) => doc.getMap<unknown>('meta')
export const fieldsOf = (doc: Y.Doc) => doc.getMap<YMap>('fields')
export const viewsOf = (doc: Y.Doc) => doc.getMap<YMap>('views')
export const cardsOf = (doc: Y.Doc) => doc.getMap<YMap>('cards')

export function isComputedType(type: FieldType): type is ComputedFieldType {
  return (COMPUTED_FIELD_TYPES as readonly string[]).includes(type)
}

function readOptions(map: YMap): SelectOption[] {
  const options = map.get('options')
  if (!(options instanceof Y.Array)) return []
  const seen = new Set<string>()
  const list: SelectOption[] = []
  for (const option of options.toArray()) {
    if (!(option instanceof Y.Map)) continue
    const id = readString(option, 'id')
    if (!id || seen.has(id)) continue
    seen.add(id)
    const color = option.get('color')
    list.push({
      id,
      label: readString(option, 'label'),
      color: isOneOf(OPTION_COLORS, color) ? color : 'gray',
    })
  }
  return list
}

/** A field as plain JSON, or null when what is stored is not a field this version knows. */
export function readField(id: string, map: YMap): FieldJson | null {
  const type = map.get('type')
  if (!isOneOf(FIELD_TYPES, type)) return null
  const field: FieldJson = { id, name: readString(map, 'name'), type }
  if (type === 'select' || type === 'multi_select') field.options = readOptions(map)
  return field
}

/** Every field of the board, in field order. */
export function fieldList(doc: Y.Doc): FieldJson[] {
  return orderedEntries(fieldsOf(doc)).flatMap(({ id, map }) => readField(id, map) ?? [])
}

/**
 * The field `id`. Missing, it is `not_found` when it is the field the call is about
 * (`fieldId`), and `unknown_field` on `input` when another setting refers to it.
 */
export function requireField(doc: Y.Doc, id: string, input = 'fieldId'): FieldJson {
  const map = fieldsOf(doc).get(id)
  const field = map instanceof Y.Map ? readField(id, map) : null
  if (field) return field
  if (input === 'fieldId') throw BoardDocumentError.notFound(input, 'Field')
  throw new BoardDocumentError(input, 'unknown_field', 'No such field')
}

/** The card map `id`, or a `not_found` error. */
export function requireCard(doc: Y.Doc, id: string, input = 'cardId'): YMap {
  const card = cardsOf(doc).get(id)
  if (!(card instanceof Y.Map)) throw BoardDocumentError.notFound(input, 'Card')
  return card
}

/** The select field the kanban columns come from, or null when the board has none. */
export function groupField(doc: Y.Doc): FieldJson | null {
  const id = metaOf(doc).get('groupBy')
  const map = typeof id === 'string' ? fieldsOf(doc).get(id) : undefined
  const field = map instanceof Y.Map ? readField(id as string, map) : null
  return field?.type === 'select' ? field : null
}

import * as Y from 'yjs'
import { v7 as uuidv7 } from 'uuid'
import { BoardDocumentError } from './errors.js'
import { newOption, type OptionInput } from './options.js'
import { indexFor, placeAt, positionAtEnd, type Placement } from './positions.js'
import {
  FIELD_TYPES,
  cardsOf,
  fieldsOf,
  metaOf,
  requireField,
  viewsOf,
  type FieldType,
} from './schema.js'
import { isOneOf, orderedEntries, transact } from './maps.js'
import { LIMITS, validateString } from './values.js'

export interface FieldInput {
  name: string
  type: FieldType
  /** For `select` and `multi_select`: the options, in column order. */
  options?: OptionInput[]
}

/** Adds a field after the existing ones and returns its id. */
export function addField(doc: Y.Doc, input: FieldInput, origin?: unknown): string {
  const fields = fieldsOf(doc)
  if (fields.size >= LIMITS.fields) {
    throw new BoardDocumentError('fields', 'too_many', `At most ${LIMITS.fields} fields`)
  }
  const name = validateString('name', input.name, LIMITS.name, true)
  if (!isOneOf(FIELD_TYPES, input.type)) {
    throw new BoardDocumentError('type', 'invalid_type', `Must be one of ${FIELD_TYPES.join(', ')}`)
  }
  const hasOptions = input.type === 'select' || input.type === 'multi_select'
  if ((input.options?.length ?? 0) > LIMITS.options) {
    throw new BoardDocumentError('options', 'too_many', `At most ${LIMITS.options} options`)
  }
  const options = hasOptions ? (input.options ?? []).map((option, i) => newOption(option, i)) : null
  const id = uuidv7()
  const position = positionAtEnd(orderedEntries(fields))
  transact(doc, origin, () => {
    const field = new Y.Map<unknown>()
    field.set('name', name)
    field.set('type', input.type)
    field.set('position', position)
    if (options) field.set('options', Y.Array.from(options))
    fields.set(id, field)
  })
  return id
}

/** Renames a field. */
export function renameField(doc: Y.Doc, fieldId: string, name: string, origin?: unknown) {
  requireField(doc, fieldId)
  const checked = validateString('name', name, LIMITS.name, true)
  transact(doc, origin, () => fieldsOf(doc).get(fieldId)!.set('name', checked))
}

/**
 * Moves a field to another place in the field order (a table's column order): after or before
 * another field, at an index, or last. Only the moved field's position changes, unless a tie
 * between its new neighbours has to be spread.
 */
export function moveField(doc: Y.Doc, fieldId: string, placement: Placement, origin?: unknown) {
  requireField(doc, fieldId)
  const list = orderedEntries(fieldsOf(doc))
    .filter((entry) => entry.id !== fieldId)
    .map(({ id, position }) => ({ id, position }))
  let index: number
  try {
    index = indexFor(list, placement)
  } catch (error) {
    if (!(error instanceof BoardDocumentError) || error.code !== 'not_in_column') throw error
    throw new BoardDocumentError(error.field, 'unknown_field', 'No such field')
  }
  const positions = placeAt(list, index, fieldId)
  transact(doc, origin, () => {
    for (const [id, position] of positions) fieldsOf(doc).get(id)?.set('position', position)
  })
}

/** Removes a field, its values on every card, and every view setting that names it. */
export function removeField(doc: Y.Doc, fieldId: string, origin?: unknown) {
  requireField(doc, fieldId)
  transact(doc, origin, () => {
    fieldsOf(doc).delete(fieldId)
    for (const card of cardsOf(doc).values()) {
      const values = card.get('values')
      if (values instanceof Y.Map && values.has(fieldId)) values.delete(fieldId)
    }
    if (metaOf(doc).get('groupBy') === fieldId) metaOf(doc).delete('groupBy')
    for (const view of viewsOf(doc).values()) {
      for (const key of ['groupBy', 'dateField']) if (view.get(key) === fieldId) view.set(key, null)
      for (const key of ['sort', 'filters', 'hiddenFields']) {
        const list = view.get(key)
        if (!Array.isArray(list)) continue
        const kept = list.filter((entry) => entry !== fieldId && entry?.fieldId !== fieldId)
        if (kept.length !== list.length) view.set(key, kept)
      }
      const widths = view.get('widths')
      if (widths && typeof widths === 'object' && fieldId in widths) {
        const kept = { ...(widths as Record<string, number>) }
        delete kept[fieldId]
        view.set('widths', kept)
      }
    }
  })
}

/** Chooses the select field the kanban columns (and the SQL group value) come from. */
export function setGroupBy(doc: Y.Doc, fieldId: string | null, origin?: unknown) {
  if (fieldId !== null && requireField(doc, fieldId).type !== 'select') {
    throw new BoardDocumentError('fieldId', 'invalid_type', 'Columns come from a select field')
  }
  transact(doc, origin, () => {
    if (fieldId === null) metaOf(doc).delete('groupBy')
    else metaOf(doc).set('groupBy', fieldId)
  })
}

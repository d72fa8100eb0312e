import * as Y from 'yjs'
import { v7 as uuidv7 } from 'uuid'
import { BoardDocumentError } from './errors.js'
import { OPTION_COLORS, cardsOf, fieldsOf, requireField, type OptionColor } from './schema.js'
import { isOneOf, transact, type YMap } from './maps.js'
import { LIMITS, validateString } from './values.js'

export interface OptionInput {
  label: string
  color?: OptionColor
}

/** A new option map, its colour picked from the palette in turn unless given. */
export function newOption(input: OptionInput, index: number, inputName = 'options'): YMap {
  const label = validateString(`${inputName}.label`, input.label, LIMITS.name, true)
  const color = input.color ?? OPTION_COLORS[index % OPTION_COLORS.length]
  if (!isOneOf(OPTION_COLORS, color)) {
    throw new BoardDocumentError(
      `${inputName}.color`,
      'invalid_color',
      `Must be one of ${OPTION_COLORS.join(', ')}`
    )
  }
  const option = new Y.Map<unknown>()
  option.set('id', uuidv7())
  option.set('label', label)
  option.set('color', color)
  return option
}

/** The options array of a select field, or an error naming `fieldId`. */
function optionsOf(doc: Y.Doc, fieldId: string): Y.Array<YMap> {
  const field = requireField(doc, fieldId)
  const options = fieldsOf(doc).get(fieldId)?.get('options')
  if (!field.options || !(options instanceof Y.Array)) {
    throw new BoardDocumentError('fieldId', 'invalid_type', 'Only select fields have options')
  }
  return options as Y.Array<YMap>
}

/** Where option `optionId` is in the array, or a `not_found` error. */
function optionIndex(options: Y.Array<YMap>, optionId: string): number {
  const index = options.toArray().findIndex((option) => option.get('id') === optionId)
  if (index < 0) throw BoardDocumentError.notFound('optionId', 'Option')
  return index
}

/** Adds an option at the end of a select field (a new column when it is the group field). */
export function addOption(
  doc: Y.Doc,
  fieldId: string,
  input: OptionInput,
  origin?: unknown
): string {
  const options = optionsOf(doc, fieldId)
  if (options.length >= LIMITS.options) {
    throw new BoardDocumentError('options', 'too_many', `At most ${LIMITS.options} options`)
  }
  const option = newOption(input, options.length, 'option')
  transact(doc, origin, () => options.push([option]))
  return option.get('id') as string
}

/** Renames an option; its id, and so every card's value, stays. */
export function renameOption(
  doc: Y.Doc,
  fieldId: string,
  optionId: string,
  label: string,
  origin?: unknown
) {
  const options = optionsOf(doc, fieldId)
  const option = options.get(optionIndex(options, optionId))
  const checked = validateString('label', label, LIMITS.name, true)
  transact(doc, origin, () => option.set('label', checked))
}

/** Changes an option's colour. */
export function setOptionColor(
  doc: Y.Doc,
  fieldId: string,
  optionId: string,
  color: OptionColor,
  origin?: unknown
) {
  const options = optionsOf(doc, fieldId)
  const option = options.get(optionIndex(options, optionId))
  if (!isOneOf(OPTION_COLORS, color)) {
    throw new BoardDocumentError(
      'color',
      'invalid_color',
      `Must be one of ${OPTION_COLORS.join(', ')}`
    )
  }
  transact(doc, origin, () => option.set('color', color))
}

/**
 * Moves an option to `index` among the others (a column to another place on the board). The
 * option is put back as a copy with the same id, label and colour, so cards keep their value;
 * a concurrent move of the same option can leave two copies, which read as one (the first).
 */
export function moveOption(
  doc: Y.Doc,
  fieldId: string,
  optionId: string,
  index: number,
  origin?: unknown
) {
  const options = optionsOf(doc, fieldId)
  const from = optionIndex(options, optionId)
  if (!Number.isInteger(index) || index < 0 || index >= options.length) {
    throw new BoardDocumentError('index', 'out_of_range', `Must be 0 to ${options.length - 1}`)
  }
  if (index === from) return
  const option = options.get(from)
  transact(doc, origin, () => {
    const copy = new Y.Map<unknown>()
    for (const key of ['id', 'label', 'color']) copy.set(key, option.get(key))
    options.delete(from, 1)
    options.insert(index, [copy])
  })
}

/** Removes an option; cards that had it lose it (a column's cards move to "no value"). */
export function removeOption(doc: Y.Doc, fieldId: string, optionId: string, origin?: unknown) {
  const options = optionsOf(doc, fieldId)
  const index = optionIndex(options, optionId)
  transact(doc, origin, () => {
    options.delete(index, 1)
    for (const card of cardsOf(doc).values()) {
      const values = card.get('values')
      if (!(values instanceof Y.Map)) continue
      const value = values.get(fieldId)
      if (value === optionId) values.delete(fieldId)
      if (Array.isArray(value) && value.includes(optionId)) {
        const kept = value.filter((id) => id !== optionId)
        if (kept.length) values.set(fieldId, kept)
        else values.delete(fieldId)
      }
    }
  })
}

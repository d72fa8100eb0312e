import {
  byPosition,
  type CardJson,
  type CellValue,
  type FieldJson,
  type FieldType,
  type FilterOp,
  type ViewFilter,
  type ViewSort,
} from '../../boards/document/index.js'

/**
 * What a view shows of a board: its filters (all must hold) and sorts (in turn; ties keep the
 * board's position order), evaluated on card values by field type. Pure, so the table, the
 * kanban's read model and the tests all agree on what a view means.
 */

const TEXTUAL: FieldType[] = ['text', 'url']
const LISTS: FieldType[] = ['multi_select', 'person']
const DATES: FieldType[] = ['date', 'created_at', 'updated_at']
const PEOPLE: FieldType[] = ['person', 'created_by', 'updated_by']

/** The filter operators that mean something for a field type, in menu order. */
export function opsFor(type: FieldType): FilterOp[] {
  if (TEXTUAL.includes(type)) return ['contains', 'is', 'is_not', 'is_empty', 'is_not_empty']
  if (LISTS.includes(type)) return ['is', 'is_not', 'contains', 'is_empty', 'is_not_empty']
  if (type === 'checkbox') return ['is']
  // Computed values are never empty.
  if (type !== 'date' && (DATES.includes(type) || PEOPLE.includes(type))) return ['is', 'is_not']
  return ['is', 'is_not', 'is_empty', 'is_not_empty']
}

/** How an operator reads for a field type ("has any of" for lists, "is on" for dates…). */
export function opLabel(type: FieldType, op: FilterOp): string {
  if (LISTS.includes(type)) {
    return (
      { is: 'has any of', is_not: 'has none of', contains: 'has all of' }[op as 'is'] ?? EMPTY[op]
    )
  }
  if (DATES.includes(type)) {
    return { is: 'is on', is_not: 'is not on' }[op as 'is'] ?? EMPTY[op]
  }
  if (type === 'select') return { is: 'is any of', is_not: 'is none of' }[op as 'is'] ?? EMPTY[op]
  return { is: 'is', is_not: 'is not', contains: 'contains' }[op as 'is'] ?? EMPTY[op]
}

const EMPTY: Record<string, string> = { is_empty: 'is empty', is_not_empty: 'is not empty' }

/** Whether an operator takes a value (the empty checks do not). */
export const takesValue = (op: FilterOp) => op !== 'is_empty' && op !== 'is_not_empty'

const isEmpty = (value: CellValue) =>
  value === null || value === '' || (Array.isArray(value) && value.length === 0)

/** The local calendar day of a stored date: a `YYYY-MM-DD` as it is, a date-time where the reader is. */
export function dayOf(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const at = new Date(value)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

const asList = (value: CellValue | undefined): string[] =>
  Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : []

/** Whether `value` (what the card holds for `field`) passes `filter`. */
export function passes(field: FieldJson, value: CellValue, filter: ViewFilter): boolean {
  const { op } = filter
  if (op === 'is_empty') return isEmpty(value)
  if (op === 'is_not_empty') return !isEmpty(value)
  const wanted = filter.value ?? null
  // A filter without its value yet (being set up) lets everything through.
  if (wanted === null || (Array.isArray(wanted) && wanted.length === 0)) return true
  const type = field.type
  if (type === 'checkbox') return (value === true) === (wanted === true)
  if (type === 'number') {
    const same = typeof value === 'number' && value === Number(wanted)
    return op === 'is_not' ? !same : same
  }
  if (DATES.includes(type)) {
    const same = typeof value === 'string' && dayOf(value) === String(wanted)
    return op === 'is_not' ? !same : same
  }
  if (type === 'select' || LISTS.includes(type) || PEOPLE.includes(type)) {
    const held = asList(value)
    const chosen = asList(wanted)
    if (op === 'contains') return chosen.every((id) => held.includes(id))
    const any = chosen.some((id) => held.includes(id))
    return op === 'is_not' ? !any : any
  }
  const text = typeof value === 'string' ? value.toLocaleLowerCase() : ''
  const needle = String(wanted).trim().toLocaleLowerCase()
  if (op === 'contains') return text.includes(needle)
  return op === 'is_not' ? text.trim() !== needle : text.trim() === needle
}

/** Whether a card passes every filter of a view (filters on unknown fields are ignored). */
export function matches(
  card: CardJson,
  filters: ViewFilter[],
  fields: ReadonlyMap<string, FieldJson>
): boolean {
  return filters.every((filter) => {
    const field = fields.get(filter.fieldId)
    return !field || passes(field, card.values[filter.fieldId] ?? null, filter)
  })
}

/** A sortable key for a value: null for "no value" (always last), else a number or a string. */
function sortKey(
  field: FieldJson,
  value: CellValue,
  nameOf: (userId: string) => string
): number | string | null {
  if (isEmpty(value)) return field.type === 'checkbox' ? 0 : null
  switch (field.type) {
    case 'number':
      return value as number
    case 'checkbox':
      return value === true ? 1 : 0
    case 'select':
    case 'multi_select': {
      const first = asList(value)[0]
      const index = field.options?.findIndex((option) => option.id === first) ?? -1
      return index < 0 ? null : index
    }
    case 'person':
    case 'created_by':
    case 'updated_by':
      return nameOf(asList(value)[0]).toLocaleLowerCase()
    case 'date':
    case 'created_at':
    case 'updated_at': {
      const text = value as string
      const time = /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? new Date(`${text}T00:00:00`).getTime()
        : Date.parse(text)
      return Number.isFinite(time) ? time : null
    }
    default:
      return String(value).toLocaleLowerCase()
  }
}

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b))
}

/**
 * The cards that pass the view's filters, ordered by its sorts in turn (no value last, in
 * either direction), ties and an unsorted view in the board's (position, id) order.
 */
export function queryCards(
  cards: Iterable<CardJson>,
  view: { filters: ViewFilter[]; sort: ViewSort[] },
  fields: FieldJson[],
  nameOf: (userId: string) => string = (id) => id
): CardJson[] {
  const byId = new Map(fields.map((field) => [field.id, field]))
  const sorts = view.sort.flatMap((sort) => {
    const field = byId.get(sort.fieldId)
    return field ? [{ field, sign: sort.direction === 'desc' ? -1 : 1 }] : []
  })
  const rows: Array<{ card: CardJson; keys: Array<number | string | null> }> = []
  for (const card of cards) {
    if (!matches(card, view.filters, byId)) continue
    rows.push({
      card,
      keys: sorts.map(({ field }) => sortKey(field, card.values[field.id] ?? null, nameOf)),
    })
  }
  rows.sort((a, b) => {
    for (const [i, { sign }] of sorts.entries()) {
      const x = a.keys[i]
      const y = b.keys[i]
      if (x === y) continue
      if (x === null) return 1
      if (y === null) return -1
      const order = compareKeys(x, y)
      if (order !== 0) return sign * order
    }
    return byPosition(a.card, b.card)
  })
  return rows.map((row) => row.card)
}

/** Rows under a header: one group per option of a select field, "No <field>" first. */
export interface RowGroup {
  id: string | null
  label: string
  color: string | null
  cards: CardJson[]
}

/** The cards (in the order given) grouped by a select field's value, every option shown. */
export function groupCards(cards: CardJson[], field: FieldJson): RowGroup[] {
  const groups: RowGroup[] = [
    { id: null, label: `No ${field.name}`, color: null, cards: [] },
    ...(field.options ?? []).map(({ id, label, color }) => ({ id, label, color, cards: [] })),
  ]
  const byId = new Map(groups.map((group) => [group.id, group]))
  for (const card of cards) {
    const value = card.values[field.id]
    ;(byId.get(typeof value === 'string' ? value : null) ?? groups[0]).cards.push(card)
  }
  return groups
}

import { BoardDocumentError } from './errors.js'
import { isComputedType, type CellValue, type FieldJson } from './schema.js'

/** Size limits of everything a board document stores. */
export const LIMITS = {
  title: 500,
  description: 50_000,
  text: 10_000,
  url: 2_000,
  people: 20,
  name: 100,
  fields: 100,
  options: 100,
  views: 50,
  checklistItems: 100,
  checklistText: 500,
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

type Checked = { value: CellValue } | { code: string; message: string }

const problem = (code: string, message: string): Checked => ({ code, message })

function checkDate(value: unknown): Checked {
  if (typeof value !== 'string') return problem('invalid_date', 'Must be a date')
  const day = DAY.exec(value)
  if (day) {
    const [year, month, date] = day.slice(1).map(Number)
    const parsed = new Date(Date.UTC(year, month - 1, date))
    const real = parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date
    return real ? { value } : problem('invalid_date', 'Must be a real calendar date')
  }
  const time = DATETIME.test(value) ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(time)) {
    return problem('invalid_date', 'Must be YYYY-MM-DD or an ISO date-time with a time zone')
  }
  return { value: new Date(time).toISOString() }
}

function checkUrl(value: unknown): Checked {
  if (typeof value !== 'string') return problem('invalid_type', 'Must be a string')
  const url = value.trim()
  if (url === '') return { value: null }
  if (url.length > LIMITS.url) return problem('too_long', `At most ${LIMITS.url} characters`)
  try {
    const { protocol } = new URL(url)
    if (protocol === 'http:' || protocol === 'https:') return { value: url }
  } catch {}
  return problem('invalid_url', 'Must be an http or https URL')
}

/** A list of distinct ids, each passing `valid`. Empty lists are "no value". */
function checkIds(value: unknown, valid: (id: string) => boolean, code: string, max: number) {
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    return problem('invalid_type', 'Must be a list of ids')
  }
  if (value.length > max) return problem('too_many', `At most ${max} values`)
  if (new Set(value).size !== value.length) return problem('duplicate', 'Values must be distinct')
  if (!value.every(valid)) return problem(code, 'Unknown id in the list')
  return { value: value.length ? [...value] : null }
}

function check(field: FieldJson, value: unknown): Checked {
  if (isComputedType(field.type)) {
    return problem('computed_field', `${field.name} is filled in automatically`)
  }
  if (value === null || value === undefined) return { value: null }
  const isOption = (id: string) => field.options?.some((option) => option.id === id) ?? false
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return problem('invalid_type', 'Must be a string')
      if (value.length > LIMITS.text)
        return problem('too_long', `At most ${LIMITS.text} characters`)
      return { value: value === '' ? null : value }
    case 'number':
      if (typeof value !== 'number') return problem('invalid_type', 'Must be a number')
      return Number.isFinite(value) ? { value } : problem('not_finite', 'Must be a finite number')
    case 'select':
      if (typeof value !== 'string') return problem('invalid_type', 'Must be an option id')
      return isOption(value) ? { value } : problem('unknown_option', 'No such option')
    case 'multi_select':
      return checkIds(value, isOption, 'unknown_option', LIMITS.options)
    case 'person': {
      const checked = checkIds(value, (id) => UUID.test(id), 'invalid_user_id', LIMITS.people)
      return 'value' in checked && Array.isArray(checked.value)
        ? { value: checked.value.map((id) => id.toLowerCase()) }
        : checked
    }
    case 'date':
      return checkDate(value)
    case 'checkbox':
      return typeof value === 'boolean'
        ? { value }
        : problem('invalid_type', 'Must be true or false')
    case 'url':
      return checkUrl(value)
  }
  return problem('invalid_type', 'Unknown field type')
}

/**
 * The value to store for `field`, normalised (empty text and lists become null, date-times
 * UTC), or a BoardDocumentError on `values.<fieldId>`. The one place value rules live.
 */
export function validateValue(field: FieldJson, value: unknown): CellValue {
  const checked = check(field, value)
  if ('code' in checked) {
    throw new BoardDocumentError(`values.${field.id}`, checked.code, checked.message)
  }
  return checked.value
}

/**
 * A stored value as it reads now. What concurrent edits left stale (an option removed on
 * another replica, a field whose type changed) reads as no value instead of breaking a view.
 */
export function readValue(field: FieldJson, raw: unknown): CellValue {
  if (field.type === 'multi_select' && Array.isArray(raw)) {
    const ids = new Set(field.options?.map((option) => option.id))
    const kept = [...new Set(raw)].filter((id) => ids.has(id))
    return kept.length ? kept : null
  }
  const checked = check(field, raw)
  return 'value' in checked ? checked.value : null
}

/** Checks a card title or description, or a name, against its limit. */
export function validateString(input: string, value: unknown, max: number, required = false) {
  if (typeof value !== 'string') {
    throw new BoardDocumentError(input, 'invalid_type', 'Must be a string')
  }
  if (value.length > max) {
    throw new BoardDocumentError(input, 'too_long', `At most ${max} characters`)
  }
  if (required && value.trim() === '') {
    throw new BoardDocumentError(input, 'required', 'Must not be empty')
  }
  return required ? value.trim() : value
}

import * as Y from 'yjs'
import { v7 as uuidv7 } from 'uuid'
import { BoardDocumentError } from './errors.js'
import { positionAtEnd } from './positions.js'
import {
  FILTER_OPS,
  VIEW_KINDS,
  fieldsOf,
  requireField,
  viewsOf,
  type CellValue,
  type FilterOp,
  type ViewKind,
} from './schema.js'
import { isOneOf, orderedEntries, readString, transact, type YMap } from './maps.js'
import { LIMITS, validateString } from './values.js'

export interface ViewSort {
  fieldId: string
  direction: 'asc' | 'desc'
}

export interface ViewFilter {
  fieldId: string
  op: FilterOp
  value?: CellValue
}

export interface ViewJson {
  id: string
  name: string
  kind: ViewKind
  /** The select field a board view's columns come from. */
  groupBy: string | null
  /** The date field a calendar view places cards by. */
  dateField: string | null
  sort: ViewSort[]
  filters: ViewFilter[]
  hiddenFields: string[]
  /** A table's column widths in pixels by field id, each within WIDTHS. */
  widths: Record<string, number>
  /** A board view's columns left out: option ids of its group field ("" for "No value"). */
  hiddenColumns: string[]
}

/** The narrowest and widest a table column may be, in pixels. */
export const WIDTHS = { min: 80, max: 600 } as const

const clampWidth = (width: number) => Math.round(Math.min(WIDTHS.max, Math.max(WIDTHS.min, width)))

export type ViewSettings = Partial<Omit<ViewJson, 'id'>>

const DATE_TYPES = ['date', 'created_at', 'updated_at']

/** A view as plain JSON; settings naming a field that no longer exists are left out. */
export function readView(doc: Y.Doc, id: string, map: YMap): ViewJson | null {
  const kind = map.get('kind')
  if (!isOneOf(VIEW_KINDS, kind)) return null
  const fields = fieldsOf(doc)
  const known = (fieldId: unknown): fieldId is string =>
    typeof fieldId === 'string' && fields.has(fieldId)
  const list = (key: string) => {
    const value = map.get(key)
    return Array.isArray(value) ? value : []
  }
  return {
    id,
    name: readString(map, 'name'),
    kind,
    groupBy: known(map.get('groupBy')) ? (map.get('groupBy') as string) : null,
    dateField: known(map.get('dateField')) ? (map.get('dateField') as string) : null,
    sort: list('sort').filter((sort) => known(sort?.fieldId)),
    filters: list('filters').filter((filter) => known(filter?.fieldId)),
    hiddenFields: list('hiddenFields').filter(known),
    widths: readWidths(map.get('widths'), known),
    hiddenColumns: list('hiddenColumns').filter(
      (column): column is string => typeof column === 'string' && column.length <= 64
    ),
  }
}

function readWidths(value: unknown, known: (fieldId: unknown) => fieldId is string) {
  const widths: Record<string, number> = {}
  if (!value || typeof value !== 'object' || Array.isArray(value)) return widths
  for (const [fieldId, width] of Object.entries(value)) {
    if (known(fieldId) && typeof width === 'number' && Number.isFinite(width)) {
      widths[fieldId] = clampWidth(width)
    }
  }
  return widths
}

/** Every view of the board, in tab order. */
export function viewList(doc: Y.Doc): ViewJson[] {
  return orderedEntries(viewsOf(doc)).flatMap(({ id, map }) => readView(doc, id, map) ?? [])
}

/** Checks view settings and returns them as they are stored. */
function checkSettings(doc: Y.Doc, settings: ViewSettings): Record<string, unknown> {
  const checked: Record<string, unknown> = {}
  if (settings.name !== undefined)
    checked.name = validateString('name', settings.name, LIMITS.name, true)
  if (settings.kind !== undefined) {
    if (!isOneOf(VIEW_KINDS, settings.kind)) {
      throw new BoardDocumentError('kind', 'invalid_kind', 'Must be board, table or calendar')
    }
    checked.kind = settings.kind
  }
  if (settings.groupBy !== undefined) {
    if (
      settings.groupBy !== null &&
      requireField(doc, settings.groupBy, 'groupBy').type !== 'select'
    ) {
      throw new BoardDocumentError('groupBy', 'invalid_type', 'Columns come from a select field')
    }
    checked.groupBy = settings.groupBy
  }
  if (settings.dateField !== undefined) {
    const type = settings.dateField && requireField(doc, settings.dateField, 'dateField').type
    if (type && !DATE_TYPES.includes(type)) {
      throw new BoardDocumentError('dateField', 'invalid_type', 'Must be a date field')
    }
    checked.dateField = settings.dateField
  }
  if (settings.sort !== undefined) {
    for (const sort of settings.sort) {
      requireField(doc, sort.fieldId, 'sort')
      if (sort.direction !== 'asc' && sort.direction !== 'desc') {
        throw new BoardDocumentError('sort', 'invalid_direction', 'Must be asc or desc')
      }
    }
    checked.sort = settings.sort.map(({ fieldId, direction }) => ({ fieldId, direction }))
  }
  if (settings.filters !== undefined) {
    for (const filter of settings.filters) {
      requireField(doc, filter.fieldId, 'filters')
      if (!isOneOf(FILTER_OPS, filter.op)) {
        throw new BoardDocumentError(
          'filters',
          'invalid_op',
          `Must be one of ${FILTER_OPS.join(', ')}`
        )
      }
    }
    checked.filters = settings.filters.map(({ fieldId, op, value }) => ({
      fieldId,
      op,
      value: value ?? null,
    }))
  }
  if (settings.hiddenFields !== undefined) {
    settings.hiddenFields.forEach((fieldId) => requireField(doc, fieldId, 'hiddenFields'))
    checked.hiddenFields = [...new Set(settings.hiddenFields)]
  }
  if (settings.widths !== undefined) checked.widths = checkWidths(doc, settings.widths)
  if (settings.hiddenColumns !== undefined) {
    const columns = settings.hiddenColumns
    if (
      !Array.isArray(columns) ||
      columns.length > LIMITS.options + 1 ||
      columns.some((column) => typeof column !== 'string' || column.length > 64)
    ) {
      throw new BoardDocumentError('hiddenColumns', 'invalid_type', 'Must be a list of column ids')
    }
    checked.hiddenColumns = [...new Set(columns)]
  }
  return checked
}

/** Column widths: known fields, finite numbers, clamped to WIDTHS. */
function checkWidths(doc: Y.Doc, widths: unknown): Record<string, number> {
  if (!widths || typeof widths !== 'object' || Array.isArray(widths)) {
    throw new BoardDocumentError('widths', 'invalid_type', 'Must map field ids to widths')
  }
  const checked: Record<string, number> = {}
  for (const [fieldId, width] of Object.entries(widths)) {
    requireField(doc, fieldId, 'widths')
    if (typeof width !== 'number' || !Number.isFinite(width)) {
      throw new BoardDocumentError('widths', 'invalid_width', 'A width is a number of pixels')
    }
    checked[fieldId] = clampWidth(width)
  }
  return checked
}

/** Adds a view after the existing ones and returns its id. */
export function addView(
  doc: Y.Doc,
  input: ViewSettings & { name: string; kind: ViewKind },
  origin?: unknown
): string {
  const views = viewsOf(doc)
  if (views.size >= LIMITS.views) {
    throw new BoardDocumentError('views', 'too_many', `At most ${LIMITS.views} views`)
  }
  const settings = checkSettings(doc, { sort: [], filters: [], hiddenFields: [], ...input })
  const id = uuidv7()
  const position = positionAtEnd(orderedEntries(views))
  transact(doc, origin, () => {
    const map = new Y.Map<unknown>()
    for (const [key, value] of Object.entries({ ...settings, position })) map.set(key, value)
    views.set(id, map)
  })
  return id
}

/** Changes some settings of a view (null clears groupBy or dateField). */
export function updateView(doc: Y.Doc, id: string, settings: ViewSettings, origin?: unknown) {
  const map = viewsOf(doc).get(id)
  if (!(map instanceof Y.Map)) throw BoardDocumentError.notFound('viewId', 'View')
  const checked = checkSettings(doc, settings)
  transact(doc, origin, () => {
    for (const [key, value] of Object.entries(checked)) map.set(key, value)
  })
}

/** Removes a view. */
export function removeView(doc: Y.Doc, id: string, origin?: unknown) {
  if (!viewsOf(doc).has(id)) throw BoardDocumentError.notFound('viewId', 'View')
  transact(doc, origin, () => viewsOf(doc).delete(id))
}

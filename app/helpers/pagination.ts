import vine from '@vinejs/vine'
import ApiError from '#app/exceptions/api_error'

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200

/** The `?before=&after=&limit=` fields, for validators that take more. */
export const pageFields = () => ({
  before: vine.string().maxLength(512).optional(),
  after: vine.string().maxLength(512).optional(),
  limit: vine.number().withoutDecimals().range([1, MAX_PAGE_SIZE]).optional(),
})

/**
 * Validates `?before=&after=&limit=` on every list endpoint.
 */
export const pageValidator = vine.create(pageFields())

export type PageParams = { before?: string; after?: string; limit?: number }

export type Page<T> = { data: T[]; next: string | null }

/**
 * Cursors are opaque to clients: base64url of the JSON key of the row they
 * point at.
 */
export function encodeCursor(key: unknown) {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string, field: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw ApiError.invalid(field, 'invalid_cursor', 'The cursor is not one this server issued')
  }
}

type KeysetQuery<Row> = {
  where(column: string, operator: string, value: unknown): KeysetQuery<Row>
  orderBy(column: string, direction: 'asc' | 'desc'): KeysetQuery<Row>
  limit(count: number): KeysetQuery<Row>
} & PromiseLike<Row[]>

/**
 * Runs one keyset-paginated query over a unique, indexed column and returns
 * `{ data, next }`. Pages follow `order` (ascending unless told): with
 * `after` (or no cursor) `next` continues in that order; with `before` the
 * page just before the cursor comes back, still in that order, and `next`
 * continues backward. Exactly one query whatever the page size.
 */
export async function keysetPage<Row>(
  query: KeysetQuery<Row>,
  options: {
    column: string
    key: (row: Row) => string | number
    params: PageParams
    order?: 'asc' | 'desc'
    cursorType?: 'string' | 'number'
    /** Without a cursor, serve the last page (as `before` the end), like a chat's history. */
    fromEnd?: boolean
  }
): Promise<Page<Row>> {
  const { column, key, params } = options
  const type = options.cursorType ?? 'string'
  if (params.before !== undefined && params.after !== undefined) {
    throw ApiError.invalid('before', 'conflicting_cursors', 'Send either before or after, not both')
  }
  const limit = params.limit ?? DEFAULT_PAGE_SIZE
  const ascending = (options.order ?? 'asc') === 'asc'
  const backward =
    params.before !== undefined || (options.fromEnd === true && params.after === undefined)
  const forwardOp = ascending ? '>' : '<'
  const backwardOp = ascending ? '<' : '>'

  if (params.before !== undefined) {
    query.where(column, backwardOp, cursorValue(params.before, 'before', type))
  }
  if (params.after !== undefined)
    query.where(column, forwardOp, cursorValue(params.after, 'after', type))

  const scanAscending = ascending !== backward
  const rows = await query.orderBy(column, scanAscending ? 'asc' : 'desc').limit(limit + 1)
  const hasMore = rows.length > limit
  const page = rows.slice(0, limit)
  if (backward) page.reverse()

  const edge = backward ? page[0] : page[page.length - 1]
  return { data: page, next: hasMore && edge !== undefined ? encodeCursor(key(edge)) : null }
}

function cursorValue(cursor: string, field: string, type: 'string' | 'number') {
  const value = decodeCursor(cursor, field)
  const matches = type === 'number' ? typeof value === 'number' : typeof value === 'string'
  if (!matches) {
    throw ApiError.invalid(field, 'invalid_cursor', 'The cursor is not one this server issued')
  }
  return value
}

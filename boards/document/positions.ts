import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing'
import { BoardDocumentError } from './errors.js'

/** One entry of an ordered list: a card in its column, a field, a view. */
export interface Placed {
  id: string
  position: string
}

/** Where a card goes in its column: after or before a card there, at an index, or last. */
export interface Placement {
  afterId?: string
  beforeId?: string
  index?: number
}

/** The index in `list` a placement asks for; a card it names must be in the list. */
export function indexFor(list: Placed[], placement: Placement): number {
  const find = (id: string, input: string) => {
    const index = list.findIndex((entry) => entry.id === id)
    if (index < 0)
      throw new BoardDocumentError(input, 'not_in_column', 'No such card in that column')
    return index
  }
  if (placement.afterId !== undefined) return find(placement.afterId, 'afterId') + 1
  if (placement.beforeId !== undefined) return find(placement.beforeId, 'beforeId')
  if (placement.index === undefined) return list.length
  if (!Number.isInteger(placement.index) || placement.index < 0) {
    throw new BoardDocumentError('index', 'invalid_index', 'Must be a whole number, 0 or more')
  }
  return placement.index
}

/**
 * The positions to write so that `movingId` lands at `index` of `list` (the list in
 * (position, id) order, without the moving entry). Usually one new key strictly between the
 * neighbours. When the neighbours share a key (two replicas inserted at the same spot) there
 * is no key between them, so the whole run of equal keys is spread out again around the new
 * entry; and when a stored key is not one the library can read, the whole list is re-keyed.
 */
export function placeAt(list: Placed[], index: number, movingId: string): Map<string, string> {
  const at = Math.max(0, Math.min(Math.trunc(index), list.length))
  const lower = list[at - 1]?.position ?? null
  const upper = list[at]?.position ?? null
  try {
    if (lower === null || upper === null || lower < upper) {
      return new Map([[movingId, generateKeyBetween(lower, upper)]])
    }
    let from = at - 1
    let to = at
    while (from > 0 && list[from - 1].position === lower) from--
    while (to < list.length - 1 && list[to + 1].position === upper) to++
    const ids = [...list.slice(from, at), { id: movingId }, ...list.slice(at, to + 1)]
    const keys = generateNKeysBetween(
      list[from - 1]?.position ?? null,
      list[to + 1]?.position ?? null,
      ids.length
    )
    return new Map(ids.map((entry, i) => [entry.id, keys[i]]))
  } catch {
    const ids = [...list.slice(0, at), { id: movingId }, ...list.slice(at)]
    const keys = generateNKeysBetween(null, null, ids.length)
    return new Map(ids.map((entry, i) => [entry.id, keys[i]]))
  }
}

/** A key after every entry of `list` (which is in order): where new fields and views go. */
export function positionAtEnd(list: Placed[]): string {
  return placeAt(list, list.length, '').get('') as string
}

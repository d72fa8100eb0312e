import * as Y from 'yjs'

/** A map inside the board document (a field, a view, a card, an option). */
export type YMap = Y.Map<unknown>

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value)
}

/** A string stored under `key`, or `fallback` when a replica wrote something else there. */
export function readString(map: YMap, key: string, fallback = ''): string {
  const value = map.get(key)
  return typeof value === 'string' ? value : fallback
}

/** A Y.Text stored under `key` as a plain string ('' when missing). */
export function readText(map: YMap, key: string): string {
  const value = map.get(key)
  return value instanceof Y.Text ? value.toString() : ''
}

/** Total order of cards, fields and views: position, then id (ties from concurrent inserts). */
export function byPosition(a: { position: string; id: string }, b: typeof a): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The entries of a top-level map in (position, id) order. */
export function orderedEntries(
  map: Y.Map<YMap>
): Array<{ id: string; position: string; map: YMap }> {
  const entries = []
  for (const [id, value] of map.entries()) {
    if (value instanceof Y.Map)
      entries.push({ id, position: readString(value, 'position'), map: value })
  }
  return entries.sort(byPosition)
}

/** Runs `change` as one transaction and returns its result. */
export function transact<T>(doc: Y.Doc, origin: unknown, change: () => T): T {
  let result: T | undefined
  doc.transact(() => {
    result = change()
  }, origin ?? null)
  return result as T
}

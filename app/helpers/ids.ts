import { v7 as uuidv7 } from 'uuid'

/**
 * A new primary key: a UUIDv7, so ids sort by creation time (keyset cursors
 * stay index-ordered) and reveal nothing about how many rows exist.
 */
export function newId() {
  return uuidv7()
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Whether a route parameter can be one of our ids at all; anything else is
 * answered 404 without a query.
 */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

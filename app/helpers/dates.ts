import { DateTime as LuxonDateTime } from 'luxon'
import type { DateTime } from 'luxon'

/** Every timestamp in the API: ISO 8601 in UTC, `2026-01-31T12:00:00.000Z`. */
export function iso(value: DateTime): string
export function iso(value: DateTime | null | undefined): string | null
export function iso(value: DateTime | null | undefined) {
  return value ? value.toUTC().toISO() : null
}

type ClientWithDialect = { dialect: { dateTimeFormat: string } }

/**
 * A timestamp for a raw query, written the way Lucid writes model columns
 * on this database (SQLite stores text), so models read it back.
 */
export function dbTimestamp(client: ClientWithDialect, value: DateTime | Date = new Date()) {
  const dateTime = value instanceof Date ? LuxonDateTime.fromJSDate(value) : value
  return dateTime.toUTC().toFormat(client.dialect.dateTimeFormat)
}

const SQL_DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/

/**
 * A timestamp read by a raw query, as ISO 8601 UTC: PostgreSQL and MySQL
 * give Dates, SQLite gives text in UTC (or a number of milliseconds).
 */
export function isoFromDb(value: Date | string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string' && SQL_DATETIME.test(value)) {
    return new Date(`${value.replace(' ', 'T')}Z`).toISOString()
  }
  return new Date(value).toISOString()
}

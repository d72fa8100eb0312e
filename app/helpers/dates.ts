import type { DateTime } from 'luxon'

/** Every timestamp in the API: ISO 8601 in UTC, `2026-01-31T12:00:00.000Z`. */
export function iso(value: DateTime): string
export function iso(value: DateTime | null | undefined): string | null
export function iso(value: DateTime | null | undefined) {
  return value ? value.toUTC().toISO() : null
}

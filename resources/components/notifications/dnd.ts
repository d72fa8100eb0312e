/** The do-not-disturb choices the avatar menu offers. */
export type DndChoice = '30m' | '1h' | '2h' | 'tomorrow'

export const DND_CHOICES: { value: DndChoice; label: string }[] = [
  { value: '30m', label: '30 minutes' },
  { value: '1h', label: '1 hour' },
  { value: '2h', label: '2 hours' },
  { value: 'tomorrow', label: 'Until tomorrow' },
]

/** Tomorrow starts, for do-not-disturb, at this hour (local time). */
const MORNING_HOUR = 9

/** When do-not-disturb chosen at `now` ends. */
export function dndEnd(choice: DndChoice, now: Date): Date {
  const minutes = { '30m': 30, '1h': 60, '2h': 120 } as const
  if (choice !== 'tomorrow') return new Date(now.getTime() + minutes[choice] * 60_000)
  const morning = new Date(now)
  morning.setDate(morning.getDate() + 1)
  morning.setHours(MORNING_HOUR, 0, 0, 0)
  return morning
}

/**
 * A `datetime-local` input's value as a date, or why it cannot be one: do-not-disturb must
 * end in the future and within a year (the server's limits).
 */
export function customDndEnd(value: string, now: Date): Date | string {
  const at = value ? new Date(value) : null
  if (!at || Number.isNaN(at.getTime())) return 'Choose a date and time.'
  if (at.getTime() <= now.getTime()) return 'Choose a time in the future.'
  if (at.getTime() > now.getTime() + 365 * 24 * 3600_000) return 'Choose a time within a year.'
  return at
}

/** Whether do-not-disturb is on at `now`. */
export function dndActive(until: string | null, now: number) {
  return until !== null && new Date(until).getTime() > now
}

/** "until 15:30", or "until Tue 09:00" when it ends on another day. */
export function describeDndEnd(until: Date, now: Date, time: Intl.DateTimeFormat) {
  const sameDay = until.toDateString() === now.toDateString()
  const day = sameDay ? '' : `${until.toLocaleDateString(undefined, { weekday: 'short' })} `
  return `until ${day}${time.format(until)}`
}

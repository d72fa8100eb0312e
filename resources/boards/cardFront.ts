/** The formats of due dates, made once each: a DateTimeFormat costs far more than a format. */
const formats = new Map<string, Intl.DateTimeFormat>()

function formatFor(sameYear: boolean, dateOnly: boolean) {
  const key = `${sameYear}:${dateOnly}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      day: 'numeric',
      month: 'short',
      ...(sameYear ? {} : { year: 'numeric' }),
      ...(dateOnly ? {} : { hour: 'numeric', minute: '2-digit' }),
    })
    formats.set(key, format)
  }
  return format
}

/** How a card's due date reads on its front: a short date, and whether it has passed. */
export function dueLabel(due: string, now: Date): { label: string; overdue: boolean } {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(due)
  // A day without a time is that day where the reader is, and overdue only once it is over.
  const at = dateOnly ? new Date(`${due}T00:00:00`) : new Date(due)
  const end = dateOnly ? new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1) : at
  const label = formatFor(at.getFullYear() === now.getFullYear(), dateOnly).format(at)
  return { label, overdue: end.getTime() <= now.getTime() }
}

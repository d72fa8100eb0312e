/** How a card's due date reads on its front: a short date, and whether it has passed. */
export function dueLabel(due: string, now: Date): { label: string; overdue: boolean } {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(due)
  // A day without a time is that day where the reader is, and overdue only once it is over.
  const at = dateOnly ? new Date(`${due}T00:00:00`) : new Date(due)
  const end = dateOnly ? new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1) : at
  const sameYear = at.getFullYear() === now.getFullYear()
  const label = new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    ...(dateOnly ? {} : { hour: 'numeric', minute: '2-digit' }),
  }).format(at)
  return { label, overdue: end.getTime() <= now.getTime() }
}

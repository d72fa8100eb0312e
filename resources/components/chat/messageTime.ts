/**
 * The clocks of the message rows, made once for all of them: building an Intl.DateTimeFormat
 * costs far more than formatting with one, and the list mounts rows as they scroll into view.
 */
export const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
export const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })

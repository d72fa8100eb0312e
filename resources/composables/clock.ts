/** The clock messages show: the language's own, or 12 or 24 hours. */
export type TimeFormat = 'auto' | '12' | '24'

/** `Intl` options for a message's clock in a time format (15:26, 3:26 PM, or the language's). */
export function clockOptions(format: TimeFormat): Intl.DateTimeFormatOptions {
  const options: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' }
  if (format === '24') return { ...options, hour: '2-digit', hourCycle: 'h23' }
  if (format === '12') return { ...options, hourCycle: 'h12' }
  return options
}

/** How long a new token lives, as the API takes it (`<n>h` or `<n>d`, 1 hour to 365 days). */
export const EXPIRY_CHOICES = [
  { value: '1h', label: '1 hour' },
  { value: '1d', label: '1 day' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '365d', label: '1 year' },
] as const

/** "expires 7 Dec 2026, 15:26", "expired …" once past, or "never expires". */
export function describeExpiry(
  expiresAt: string | null,
  format: Intl.DateTimeFormat,
  now = Date.now()
) {
  if (!expiresAt) return 'never expires'
  const at = new Date(expiresAt)
  return `${at.getTime() <= now ? 'expired' : 'expires'} ${format.format(at)}`
}

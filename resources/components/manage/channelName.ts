/** The server's rule for a channel's URL name (chat/validators/channel_validators.ts). */
export const CHANNEL_NAME_MAX = 64
const NAME = /^[a-z0-9][a-z0-9_-]*$/

/** The rule as the create dialog shows it under the URL name. */
export const CHANNEL_NAME_RULE =
  'Lowercase letters, digits, - and _, starting with a letter or digit; up to 64.'

/**
 * The URL name a display name suggests: accents dropped, lowercased, every run of other
 * characters one `-`, trimmed to the length the server takes. Empty when nothing is left
 * (a name in a script without Latin letters): the person then types one.
 */
export function channelNameFrom(displayName: string) {
  return displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, CHANNEL_NAME_MAX)
    .replace(/-+$/, '')
}

/** What is wrong with a URL name as typed, in words, or null when the server will take it. */
export function channelNameProblem(name: string) {
  const value = name.trim().toLowerCase()
  if (value === '') return 'Give the channel a URL name.'
  if (value.length > CHANNEL_NAME_MAX) return `At most ${CHANNEL_NAME_MAX} characters.`
  if (!/^[a-z0-9]/.test(value)) return 'Start with a letter or a digit.'
  if (!NAME.test(value)) return 'Use only lowercase letters, digits, - and _.'
  return null
}

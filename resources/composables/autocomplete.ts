/**
 * The pure half of the composer's autocomplete: which token the caret is in, what replaces
 * it, and how candidates rank. No Vue, no network: unit-tested in tests/unit/web.
 */

export type Trigger = '@' | '~' | ':' | '/'

/** The text being completed: from `start` (its trigger) to `end` (the caret). */
export type Token = { trigger: Trigger; query: string; start: number; end: number }

export type SuggestionKind = 'person' | 'special' | 'channel' | 'emoji' | 'command'

/** One row of the popup and what choosing it puts in place of the token. */
export type Suggestion = {
  id: string
  kind: SuggestionKind
  label: string
  detail: string
  insert: string
  /** People: the avatar's seed (their id). */
  seed?: string
  /** Emoji: the glyph. */
  glyph?: string
}

/** The names a mention or channel reference may use, as the markdown rules read them. */
const WORD = /[\p{L}\p{N}._-]/u
const EMOJI_CHAR = /[a-z0-9_+-]/
/** Emoji need two characters after the colon, so `12:30` and `:)` stay quiet. */
const EMOJI_MIN = 2

/** A trigger counts after the start, a space or an opening bracket, as in `(@bob)`. */
function boundary(text: string, at: number) {
  return at === 0 || /[\s([{"']/.test(text[at - 1])
}

/** The token the caret ends, or null when there is nothing to complete. */
export function findToken(text: string, caret: number): Token | null {
  const command = commandToken(text, caret)
  if (command) return command
  let start = caret
  while (start > 0 && (WORD.test(text[start - 1]) || text[start - 1] === '+')) start -= 1
  const trigger = text[start - 1]
  if (trigger !== '@' && trigger !== '~' && trigger !== ':') return null
  if (!boundary(text, start - 1)) return null
  const query = text.slice(start, caret)
  if (trigger === ':') {
    if (query.length < EMOJI_MIN || ![...query].every((c) => EMOJI_CHAR.test(c))) return null
  } else if (query.includes('+')) return null
  return { trigger, query, start: start - 1, end: caret }
}

/** `/na` or `/name sub` at the very start of the message, before any further argument. */
function commandToken(text: string, caret: number): Token | null {
  const before = text.slice(0, caret)
  const match = /^\/([a-z0-9_-]*)( [a-z0-9_-]*)?$/i.exec(before)
  if (!match) return null
  return { trigger: '/', query: before.slice(1), start: 0, end: caret }
}

/** The text with the token replaced, and where the caret goes (after the inserted text). */
export function replaceToken(text: string, token: Token, insert: string) {
  const after = text.slice(token.end).replace(/^\S*/, '')
  const spaced = after.startsWith(' ') && insert.endsWith(' ') ? insert.slice(0, -1) : insert
  const head = text.slice(0, token.start) + spaced
  return { text: head + after, caret: head.length + (spaced === insert ? 0 : 1) }
}

/** Lower case without accents, so `ele` finds `Éléonore`. */
export function fold(value: string) {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/** 0 for an exact match, 1 for a prefix of the name, 2 for a prefix of a word, else null. */
export function matchRank(query: string, name: string, words: string[] = []): number | null {
  const q = fold(query)
  const n = fold(name)
  if (n === q) return 0
  if (n.startsWith(q)) return 1
  if (words.some((word) => fold(word).startsWith(q))) return 2
  return null
}

/** Items ranked by `rankOf` (lower first, null left out), then by `nameOf`; at most `limit`. */
export function rank<T>(
  items: readonly T[],
  rankOf: (item: T) => number | null,
  nameOf: (item: T) => string,
  limit: number
) {
  return items
    .map((item) => ({ item, rank: rankOf(item) }))
    .filter((entry): entry is { item: T; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || nameOf(a.item).localeCompare(nameOf(b.item)))
    .slice(0, limit)
    .map((entry) => entry.item)
}

/** The words of a display name, split as the server's people search splits them. */
export const wordsOf = (name: string) => name.split(/[\s._'-]+/).filter(Boolean)

export type PersonLike = { id: string; username: string; displayName: string }

export const SPECIAL_MENTIONS = [
  { name: 'here', detail: 'Notifies everyone online in this channel' },
  { name: 'channel', detail: 'Notifies everyone in this channel' },
  { name: 'all', detail: 'Notifies everyone in this channel' },
]

/** People (already ranked, e.g. by the server) then the special mentions that match. */
export function personSuggestions(query: string, people: readonly PersonLike[], limit = 8) {
  const found: Suggestion[] = people.slice(0, limit).map((person) => ({
    id: `person-${person.id}`,
    kind: 'person',
    label: person.displayName || person.username,
    detail: `@${person.username}`,
    insert: `@${person.username} `,
    seed: person.id,
  }))
  const specials: Suggestion[] = SPECIAL_MENTIONS.filter((special) =>
    special.name.startsWith(fold(query))
  ).map((special) => ({
    id: `special-${special.name}`,
    kind: 'special',
    label: `@${special.name}`,
    detail: special.detail,
    insert: `@${special.name} `,
  }))
  return [...found, ...specials]
}

/** People the app already knows, ranked locally (before, or instead of, the server's answer). */
export function rankPeople(query: string, people: readonly PersonLike[], limit = 8) {
  return rank(
    people,
    (person) => matchRank(query, person.username, wordsOf(person.displayName)),
    (person) => person.username,
    limit
  )
}

export type ChannelLike = { id: string; name: string; displayName: string }

export function channelSuggestions(query: string, channels: readonly ChannelLike[], limit = 8) {
  return rank(
    channels,
    (channel) => matchRank(query, channel.name, wordsOf(channel.displayName)),
    (channel) => channel.name,
    limit
  ).map<Suggestion>((channel) => ({
    id: `channel-${channel.id}`,
    kind: 'channel',
    label: channel.displayName || channel.name,
    detail: `~${channel.name}`,
    insert: `~${channel.name} `,
  }))
}

export type EmojiLike = { shortcodes: string[]; unicode: string }

/** Shortcodes equal to the query, then starting with it, then containing it. */
export function emojiSuggestions(query: string, entries: readonly EmojiLike[], limit = 8) {
  const q = query.toLowerCase()
  const scored: { code: string; glyph: string; rank: number }[] = []
  for (const entry of entries) {
    const code =
      entry.shortcodes.find((c) => c.startsWith(q)) ?? entry.shortcodes.find((c) => c.includes(q))
    if (!code) continue
    scored.push({ code, glyph: entry.unicode, rank: code === q ? 0 : code.startsWith(q) ? 1 : 2 })
  }
  return scored
    .sort(
      (a, b) => a.rank - b.rank || a.code.length - b.code.length || a.code.localeCompare(b.code)
    )
    .slice(0, limit)
    .map<Suggestion>((entry) => ({
      id: `emoji-${entry.code}`,
      kind: 'emoji',
      label: `:${entry.code}:`,
      detail: '',
      insert: `:${entry.code}: `,
      glyph: entry.glyph,
    }))
}

export type CommandForm = {
  usage: string
  subcommand: string
  description: string
  args: { name: string; kind: string; hint: string }[]
}
export type Command = { name: string; description: string; forms: CommandForm[] }

/**
 * `/ca` lists the forms of the commands starting with `ca` (`/card new <title>`, …);
 * `/card m` the forms of `/card` whose sub-command starts with `m`.
 */
export function commandSuggestions(query: string, commands: readonly Command[], limit = 12) {
  const [name, sub] = query.toLowerCase().split(' ') as [string, string | undefined]
  const chosen = commands.filter((command) =>
    sub === undefined ? command.name.startsWith(name) : command.name === name
  )
  return chosen
    .flatMap((command) =>
      command.forms
        .filter((form) => sub === undefined || form.subcommand.startsWith(sub))
        .map<Suggestion>((form) => ({
          id: `command-${command.name}-${form.subcommand}`,
          kind: 'command',
          label: form.usage,
          detail: form.description || command.description,
          insert: `/${[command.name, form.subcommand].filter(Boolean).join(' ')} `,
        }))
    )
    .slice(0, limit)
}

/**
 * What Enter does with a message: `/name …` runs a command (known or not: the server answers
 * an unknown one with the list), `//…` posts the text with one slash, anything else posts.
 */
export function routeMessage(message: string): { command: string } | { post: string } {
  if (message.startsWith('//')) return { post: message.slice(1) }
  return /^\/[a-z0-9_-]+(\s|$)/i.test(message) ? { command: message } : { post: message }
}

/**
 * The pure half of the search box: which operator the caret is in, what to offer for it,
 * what replaces it, and how a result's snippet splits into plain and matched text. No Vue,
 * no network: unit-tested in tests/unit/web.
 */
import {
  fold,
  rank,
  wordsOf,
  type ChannelLike,
  type PersonLike,
} from '../../composables/autocomplete.js'

/** The operators of docs/search.md, in the order the box offers them. */
export const OPERATORS = [
  { name: 'from', hint: 'Messages by a person', example: 'from:@alice' },
  { name: 'in', hint: 'Messages in a channel, or in:board for cards', example: 'in:~ops' },
  { name: 'before', hint: 'Written before a day', example: 'before:2025-01-01' },
  { name: 'after', hint: 'Written after a day', example: 'after:2024-12-31' },
  { name: 'on', hint: 'Written on a day', example: 'on:2025-03-14' },
  { name: 'has', hint: 'With a file or a link', example: 'has:file' },
  { name: 'is', hint: 'Pinned messages, or threads', example: 'is:pinned' },
] as const

export type OperatorName = (typeof OPERATORS)[number]['name']

const DATE_OPERATORS = new Set<string>(['before', 'after', 'on'])
const FILTERS: Record<string, { value: string; hint: string }[]> = {
  has: [
    { value: 'file', hint: 'Messages with an attached file' },
    { value: 'link', hint: 'Messages with a link' },
  ],
  is: [
    { value: 'pinned', hint: 'Pinned messages' },
    { value: 'thread', hint: 'Threads and their replies' },
  ],
}

/**
 * The word the caret ends, from the last space before it: an operator being written
 * (`name` and the `value` typed so far after its colon) or a plain word (`name` null).
 */
export type QueryToken = { start: number; end: number; name: string | null; value: string }

export function tokenAt(text: string, caret: number): QueryToken {
  let start = caret
  while (start > 0 && !/\s/.test(text[start - 1])) start -= 1
  let end = caret
  while (end < text.length && !/\s/.test(text[end])) end += 1
  const word = text.slice(start, caret)
  const colon = word.indexOf(':')
  if (colon > 0 && /^[a-z]+$/i.test(word.slice(0, colon))) {
    return { start, end, name: word.slice(0, colon).toLowerCase(), value: word.slice(colon + 1) }
  }
  return { start, end, name: null, value: word }
}

export type QuerySuggestionKind = 'operator' | 'person' | 'channel' | 'board' | 'date' | 'filter'

/** One row of the box's list and the text that replaces the token when it is chosen. */
export type QuerySuggestion = {
  id: string
  kind: QuerySuggestionKind
  label: string
  detail: string
  insert: string
  /** People: the avatar's seed (their id). */
  seed?: string
  /** A date row that opens the date picker rather than inserting text. */
  picker?: boolean
}

/** What the value of an operator is chosen from, or null for a plain word or an unknown name. */
export function valueKind(name: string | null) {
  if (name === 'from') return 'person' as const
  if (name === 'in') return 'channel' as const
  if (name && DATE_OPERATORS.has(name)) return 'date' as const
  if (name && name in FILTERS) return 'filter' as const
  return null
}

/** Operators whose name starts with the word typed; all of them for an empty box. */
export function operatorSuggestions(word: string): QuerySuggestion[] {
  const q = word.toLowerCase()
  if (q.startsWith('-') || q.startsWith('"')) return []
  return OPERATORS.filter((operator) => operator.name.startsWith(q) && operator.name !== q).map(
    (operator) => ({
      id: `operator-${operator.name}`,
      kind: 'operator',
      label: `${operator.name}:`,
      detail: operator.hint,
      insert: `${operator.name}:`,
    })
  )
}

/** `from:` values: people (already ranked, e.g. by the server's user search). */
export function personValues(people: readonly PersonLike[], limit = 8): QuerySuggestion[] {
  return people.slice(0, limit).map((person) => ({
    id: `person-${person.id}`,
    kind: 'person',
    label: person.displayName || person.username,
    detail: `@${person.username}`,
    insert: `from:@${person.username} `,
    seed: person.id,
  }))
}

/** `in:` values: the channels matching what was typed (a `~` is optional), then `board`. */
export function channelValues(
  value: string,
  channels: readonly ChannelLike[],
  limit = 8
): QuerySuggestion[] {
  const q = value.replace(/^~/, '')
  const found = rank(
    channels,
    (channel) => (q ? matchRankOf(q, channel) : 3),
    (channel) => channel.name,
    limit
  ).map<QuerySuggestion>((channel) => ({
    id: `channel-${channel.id}`,
    kind: 'channel',
    label: channel.displayName || channel.name,
    detail: `~${channel.name}`,
    insert: `in:~${channel.name} `,
  }))
  const board: QuerySuggestion[] =
    !value.startsWith('~') && 'board'.startsWith(fold(q))
      ? [{ id: 'board', kind: 'board', label: 'Cards', detail: 'in:board', insert: 'in:board ' }]
      : []
  return [...found, ...board]
}

function matchRankOf(q: string, channel: ChannelLike) {
  const name = fold(channel.name)
  const words = wordsOf(channel.displayName).map(fold)
  const query = fold(q)
  if (name.startsWith(query)) return name === query ? 0 : 1
  if (words.some((word) => word.startsWith(query))) return 2
  return name.includes(query) ? 3 : null
}

/** A day as the operators write it (YYYY-MM-DD), in the browser's own time zone. */
export function isoDay(date: Date) {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Date values: today, yesterday, a week ago (those matching what was typed), and the picker. */
export function dateValues(name: string, value: string, today: Date): QuerySuggestion[] {
  const day = (offset: number) => {
    const date = new Date(today)
    date.setDate(date.getDate() - offset)
    return isoDay(date)
  }
  const days = [
    { label: 'Today', value: day(0) },
    { label: 'Yesterday', value: day(1) },
    { label: 'A week ago', value: day(7) },
  ].filter((entry) => entry.value.startsWith(value) && entry.value !== value)
  if (value && days.length === 0) return []
  return [
    ...days.map<QuerySuggestion>((entry) => ({
      id: `date-${entry.value}`,
      kind: 'date',
      label: entry.label,
      detail: entry.value,
      insert: `${name}:${entry.value} `,
    })),
    {
      id: 'date-picker',
      kind: 'date',
      label: 'Choose a date…',
      detail: 'YYYY-MM-DD',
      insert: `${name}:`,
      picker: true,
    },
  ]
}

/** `has:` and `is:` values. */
export function filterValues(name: string, value: string): QuerySuggestion[] {
  return (FILTERS[name] ?? [])
    .filter((filter) => filter.value.startsWith(value.toLowerCase()) && filter.value !== value)
    .map((filter) => ({
      id: `filter-${name}-${filter.value}`,
      kind: 'filter',
      label: `${name}:${filter.value}`,
      detail: filter.hint,
      insert: `${name}:${filter.value} `,
    }))
}

/** The text with the token replaced, and where the caret goes (after the inserted text). */
export function replaceToken(text: string, token: QueryToken, insert: string) {
  const after = text.slice(token.end)
  const spaced = after.startsWith(' ') && insert.endsWith(' ') ? insert.slice(0, -1) : insert
  const head = text.slice(0, token.start) + spaced
  return { text: head + after, caret: head.length + (spaced === insert ? 0 : 1) }
}

/** A piece of a snippet: text, matched or not; rendered as text, matches in `<mark>`. */
export type SnippetPart = { text: string; match: boolean }

/**
 * A snippet split at its highlight offsets (`[start, end)` in UTF-16 units). Ranges out of
 * order, overlapping or past the end are tolerated: a bad offset never loses text.
 */
export function snippetParts(text: string, highlights: readonly [number, number][]) {
  const ranges = highlights
    .map(([start, end]) => [Math.max(0, start), Math.min(text.length, end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0])
  const parts: SnippetPart[] = []
  let at = 0
  for (const [start, end] of ranges) {
    if (end <= at) continue
    const from = Math.max(start, at)
    const last = parts.at(-1)
    if (from > at) parts.push({ text: text.slice(at, from), match: false })
    // Overlapping or touching ranges make one mark.
    if (from === at && last?.match) last.text += text.slice(from, end)
    else parts.push({ text: text.slice(from, end), match: true })
    at = end
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false })
  return parts
}

/** Items grouped by a key, groups in the order their first item came, items kept in order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string) {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return [...groups.entries()].map(([key, list]) => ({ key, items: list }))
}

type ResultLike = {
  post: {
    id: string
    channelId: string
    rootId: string | null
    type: string
    props?: Record<string, any> | null
  }
}

/** A card's own post (its title and description), as `in:board` finds them. */
export function cardOf(result: ResultLike) {
  const props = result.post.props
  if (result.post.type !== 'card' || typeof props?.cardId !== 'string') return null
  if (typeof props.boardId !== 'string') return null
  return {
    cardId: props.cardId,
    boardId: props.boardId,
    ref: typeof props.ref === 'string' ? props.ref : null,
  }
}

/**
 * Where a result leads: a card to its address, a message to its channel opened at it, a
 * reply with its thread open beside it (as permalinks do).
 */
export function resultLocation(teamId: string, result: ResultLike) {
  const card = cardOf(result)
  if (card) return { name: 'card', params: { boardId: card.boardId, cardId: card.cardId } }
  const { post } = result
  const query: Record<string, string> = { post: post.id }
  if (post.rootId) query.thread = post.rootId
  return { name: 'channel', params: { teamId, channelId: post.channelId }, query }
}

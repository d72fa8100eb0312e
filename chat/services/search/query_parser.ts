import { DateTime } from 'luxon'
import { isCjk, tokenize } from '#chat/services/search/tokenizer'

/**
 * Parses a search box's text into terms and filters. Pure: the service
 * resolves names and dates against the database afterwards.
 *
 * Syntax (docs/search.md): words; "phrases"; prefix*; -excluded (words or
 * phrases); from:@user; in:~channel; in:board (cards); before:/after:/on: YYYY-MM-DD;
 * has:file, has:link; is:pinned, is:thread. Anything shaped like an
 * operator that is not one of these is an error, not a silent word.
 */

/** One or more tokens that must appear in this order; `prefix` marks the last as a prefix. */
export type Term = { tokens: string[]; prefix: boolean }

export type ParsedQuery = {
  terms: Term[]
  excluded: Term[]
  from: string[]
  in: string[]
  /** Dates as given; the service turns them into instants in the caller's zone. */
  before: string[]
  after: string[]
  on: string[]
  hasFile: boolean
  hasLink: boolean
  isPinned: boolean
  isThread: boolean
  /** `in:board`: only cards (their own posts: title and description). */
  inBoards: boolean
}

export class SearchQueryError extends Error {
  constructor(
    public code: string,
    message: string
  ) {
    super(message)
  }
}

const OPERATORS = new Set(['from', 'in', 'before', 'after', 'on', 'has', 'is'])
const MAX_TERMS = 20
const PIECE = /(-?)"([^"]*)"?|(\S+)/g
const OPERATOR = /^(-?)([a-z]+):(.*)$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Words of one piece of text as terms: a single token, or a phrase of several. */
function termsOf(text: string, options: { prefix?: boolean }): Term[] {
  const tokens = tokenize(text, true).map((token) => token.text)
  if (tokens.length === 0) return []
  // A Chinese/Japanese character ending the query is indexed only at the start of bigrams (or at
  // the end of a run): match it as a prefix, alone (`国`) or after other words (`Python写`).
  const final = tokens[tokens.length - 1]
  const cjkTail = [...final].length === 1 && isCjk(final)
  if (options.prefix && tokens.length > 1) {
    const last = tokens.pop()!
    return [
      ...tokens.map((token) => ({ tokens: [token], prefix: false })),
      { tokens: [last], prefix: true },
    ]
  }
  return [{ tokens, prefix: Boolean(options.prefix) || cjkTail }]
}

function operatorValue(name: string, raw: string) {
  const unquoted = raw.replace(/^"|"$/g, '')
  const value = name === 'from' || name === 'in' ? unquoted.replace(/^[@~]/, '') : unquoted
  if (value === '') throw new SearchQueryError('missing_value', `${name}: needs a value`)
  switch (name) {
    case 'from':
    case 'in':
      return value.toLowerCase()
    case 'before':
    case 'after':
    case 'on':
      if (!DATE.test(value) || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
        throw new SearchQueryError(
          'invalid_date',
          `${name}: takes a date as YYYY-MM-DD, not "${value}"`
        )
      }
      return value
    default:
      return value.toLowerCase()
  }
}

export function parseSearchQuery(text: string): ParsedQuery {
  const query: ParsedQuery = {
    terms: [],
    excluded: [],
    from: [],
    in: [],
    before: [],
    after: [],
    on: [],
    hasFile: false,
    hasLink: false,
    isPinned: false,
    isThread: false,
    inBoards: false,
  }

  for (const match of text.matchAll(PIECE)) {
    const [, negated, phrase, word] = match
    if (phrase !== undefined) {
      ;(negated ? query.excluded : query.terms).push(...termsOf(phrase, {}))
      continue
    }
    const operator = OPERATOR.exec(word)
    if (operator && !operator[3].startsWith('/')) {
      const [, minus, rawName, rawValue] = operator
      const name = rawName.toLowerCase()
      if (!OPERATORS.has(name)) {
        throw new SearchQueryError(
          'unknown_operator',
          `Unknown search operator "${rawName}:". Put the words in quotes to search for them as text`
        )
      }
      if (minus) {
        throw new SearchQueryError('unsupported_operator', `${name}: cannot be negated`)
      }
      // `in:board` means cards; a channel called "board" is `in:~board`.
      if (name === 'in' && rawValue.toLowerCase() === 'board') {
        query.inBoards = true
        continue
      }
      const value = operatorValue(name, rawValue)
      applyOperator(query, name, value)
      continue
    }
    const excluded = word.startsWith('-') && word.length > 1
    const body = excluded ? word.slice(1) : word
    const prefix = body.endsWith('*') && body.length > 1
    const terms = termsOf(prefix ? body.slice(0, -1) : body, { prefix })
    ;(excluded ? query.excluded : query.terms).push(...terms)
  }

  if (query.terms.length + query.excluded.length > MAX_TERMS) {
    throw new SearchQueryError('too_many_terms', `A search can hold at most ${MAX_TERMS} terms`)
  }
  const filtered =
    query.from.length +
      query.in.length +
      query.before.length +
      query.after.length +
      query.on.length >
      0 ||
    query.hasFile ||
    query.hasLink ||
    query.isPinned ||
    query.isThread ||
    query.inBoards
  if (query.terms.length === 0 && !filtered) {
    throw new SearchQueryError(
      'empty_query',
      query.excluded.length
        ? 'Say what to search for, not only what to leave out'
        : 'Type some words or a filter to search for'
    )
  }
  return query
}

function applyOperator(query: ParsedQuery, name: string, value: string) {
  switch (name) {
    case 'from':
      query.from.push(value)
      return
    case 'in':
      query.in.push(value)
      return
    case 'before':
    case 'after':
    case 'on':
      query[name].push(value)
      return
    case 'has':
      if (value === 'file' || value === 'files' || value === 'attachment') query.hasFile = true
      else if (value === 'link' || value === 'links') query.hasLink = true
      else throw new SearchQueryError('invalid_filter', `has: takes file or link, not "${value}"`)
      return
    case 'is':
      if (value === 'pinned') query.isPinned = true
      else if (value === 'thread') query.isThread = true
      else
        throw new SearchQueryError('invalid_filter', `is: takes pinned or thread, not "${value}"`)
      return
  }
}

import { SEARCH_WORD_LENGTH, searchWords, truncate } from '#app/helpers/text'

/**
 * How well a term matches, best first: the whole username, a display
 * name's first word, any other word (parts of a dotted username, later
 * words of a display name). Search orders people by the best term a
 * query's words start, after an exact username.
 */
export const TERM_WEIGHT = { username: 0, firstName: 1, otherWord: 2 } as const

export type SearchTerm = { term: string; weight: number }

/**
 * The terms a person is found by in `user_search_terms`: their username,
 * the words of it and of their display name (searchWords), each once with
 * its best weight.
 */
export function userSearchTerms(username: string, displayName: string): SearchTerm[] {
  const terms = new Map<string, number>()
  const add = (term: string, weight: number) => {
    if (term !== '' && (terms.get(term) ?? Infinity) > weight) terms.set(term, weight)
  }
  add(truncate(username.toLowerCase(), SEARCH_WORD_LENGTH), TERM_WEIGHT.username)
  for (const word of searchWords(username)) add(word, TERM_WEIGHT.otherWord)
  searchWords(displayName).forEach((word, index) =>
    add(word, index === 0 ? TERM_WEIGHT.firstName : TERM_WEIGHT.otherWord)
  )
  return [...terms].map(([term, weight]) => ({ term, weight }))
}

/**
 * The upper bound of a prefix range: every term starting with `prefix`
 * sorts at or after it and before this, in the binary collation the terms
 * column has on each database.
 */
export function prefixEnd(prefix: string) {
  return `${prefix}\u{10FFFF}`
}

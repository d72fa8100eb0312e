import { isCjk, tokenize } from '#chat/services/search/tokenizer'
import type { Term } from '#chat/services/search/query_parser'

/** A piece of a message with the ranges (UTF-16 offsets, end exclusive) that matched. */
export type Snippet = { text: string; highlights: Array<[number, number]> }

const LENGTH = 280
const LEAD = 60

/**
 * The part of a message to show in a search result, with the words that
 * matched marked by offsets (not HTML, so nothing in the message can
 * inject markup). Long messages are cut around the first match.
 */
export function snippet(message: string, terms: Term[]): Snippet {
  const whole = new Set<string>()
  const prefixes: string[] = []
  for (const term of terms) {
    term.tokens.forEach((token, index) => {
      if (term.prefix && index === term.tokens.length - 1) prefixes.push(token)
      else whole.add(token)
    })
  }
  const ranges: Array<[number, number]> = []
  for (const token of tokenize(message)) {
    const prefix = prefixes.find((candidate) => token.text.startsWith(candidate))
    if (!whole.has(token.text) && prefix === undefined) continue
    // A Chinese/Japanese pair found by its first character: mark that character, not the pair.
    const end =
      !whole.has(token.text) && isCjk(token.text) ? token.start + prefix!.length : token.end
    const previous = ranges[ranges.length - 1]
    if (previous && token.start <= previous[1]) previous[1] = Math.max(previous[1], end)
    else ranges.push([token.start, end])
  }
  if (message.length <= LENGTH) return { text: message, highlights: ranges }

  let start = Math.max(0, (ranges[0]?.[0] ?? 0) - LEAD)
  const space = message.lastIndexOf(' ', start)
  if (start > 0 && space > start - 20) start = space + 1
  const end = Math.min(message.length, start + LENGTH)
  const before = start > 0 ? '…' : ''
  const after = end < message.length ? '…' : ''
  const shift = before.length - start
  return {
    text: before + message.slice(start, end) + after,
    highlights: ranges
      .filter(([from, to]) => from >= start && to <= end)
      .map(([from, to]) => [from + shift, to + shift] as [number, number]),
  }
}

import * as Y from 'yjs'
import type { YMap } from './maps.js'

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

/**
 * Makes `text` read `value` by replacing only the part that differs (common prefix and suffix
 * kept), so a whole new title sent by a form still merges with a concurrent edit elsewhere in
 * it, instead of both titles ending up side by side.
 */
export function setText(text: Y.Text, value: string) {
  const current = text.toString()
  if (current === value) return
  const shorter = Math.min(current.length, value.length)
  let start = 0
  while (start < shorter && current.charCodeAt(start) === value.charCodeAt(start)) start++
  let end = 0
  while (
    end < shorter - start &&
    current.charCodeAt(current.length - 1 - end) === value.charCodeAt(value.length - 1 - end)
  ) {
    end++
  }
  // Never cut between the halves of a surrogate pair (an emoji would turn into U+FFFD).
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--
  const removed = current.length - start - end
  if (removed > 0) text.delete(start, removed)
  const inserted = value.slice(start, value.length - end)
  if (inserted) text.insert(start, inserted)
}

/** The Y.Text under `key`, created when a malformed replica left something else there. */
export function textOf(map: YMap, key: string): Y.Text {
  const text = map.get(key)
  if (text instanceof Y.Text) return text
  const created = new Y.Text()
  map.set(key, created)
  return created
}

/**
 * The title of a card made from a message: its first line with text, without markdown's
 * leading marks and emphasis, cut at 120 characters.
 */
export function cardTitleFrom(message: string) {
  const line = message
    .split('\n')
    .map((text) =>
      text
        .replace(/^[#>*\-\s]+/, '')
        .replace(/[*_`~]/g, '')
        .trim()
    )
    .find((text) => text.length > 0)
  if (!line) return 'Card from a message'
  return line.length > 120 ? `${line.slice(0, 119)}…` : line
}

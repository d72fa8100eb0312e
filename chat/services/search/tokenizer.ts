/**
 * Hearth's own word splitter, shared by every search backend so that
 * PostgreSQL, MySQL/MariaDB and SQLite index and match the same tokens
 * (docs/search.md). Pure: no server imports.
 *
 * - Words are runs of letters, digits and `_`, lower-cased (NFKC first, so
 *   full-width forms match their ASCII twins); Latin letters lose their
 *   accents, so `cafe` finds `café`.
 * - Chinese and Japanese (Han, Hiragana, Katakana) have no spaces between
 *   words, so each run of them is indexed as overlapping character pairs
 *   (bigrams) followed by its last character: `中国人` → `中国 国人 人`. A
 *   query of two or more such characters becomes the phrase of its
 *   bigrams, which matches wherever the characters appear in that order; a
 *   single character matches as a prefix.
 *
 * Tokenising a query and a message the same way is what makes phrases
 * work: see `tokenize`.
 */

export type Token = { text: string; start: number; end: number }

/** Longest token kept; longer runs (hashes, base64) are cut. */
export const MAX_TOKEN_LENGTH = 64

const CJK_CHAR = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u30fc\\u3005]'
const CJK = new RegExp(CJK_CHAR, 'u')
// Han and kana are letters too: a word stops where they start (`Python写代码` → `python`, `写代码`).
const PIECE = new RegExp(`${CJK_CHAR}+|(?:(?!${CJK_CHAR})[\\p{L}\\p{N}\\p{M}_])+`, 'gu')
const LATIN = /^[\p{Script=Latin}\p{N}\p{M}_]+$/u
const MARKS = /\p{M}+/gu

/** Normalises one word the way the index stores it. */
export function normaliseWord(word: string) {
  let text = word.normalize('NFKC').toLowerCase()
  if (LATIN.test(text)) text = text.normalize('NFD').replace(MARKS, '').normalize('NFC')
  return text.slice(0, MAX_TOKEN_LENGTH)
}

export function isCjk(text: string) {
  return CJK.test(text)
}

/** Splits a run of Chinese/Japanese characters into bigrams plus its last character. */
function cjkTokens(run: string, offset: number, withTail: boolean): Token[] {
  const chars = [...run.normalize('NFKC')]
  if (chars.length === 1) return [{ text: chars[0], start: offset, end: offset + run.length }]
  const tokens: Token[] = []
  let position = offset
  for (let i = 0; i < chars.length - 1; i++) {
    const text = chars[i] + chars[i + 1]
    tokens.push({ text, start: position, end: position + text.length })
    position += chars[i].length
  }
  if (withTail) {
    const last = chars[chars.length - 1]
    tokens.push({ text: last, start: position, end: position + last.length })
  }
  return tokens
}

/**
 * The tokens of a text with their UTF-16 offsets in it. `forQuery` leaves
 * out the trailing single character of a Chinese/Japanese run that ends the
 * text, because the indexed text may go on with more such characters; a
 * query's tokens then appear in a matching document in the same order.
 */
export function tokenize(text: string, forQuery = false): Token[] {
  const tokens: Token[] = []
  const pieces = [...text.matchAll(PIECE)]
  pieces.forEach((match, index) => {
    const piece = match[0]
    const start = match.index
    if (CJK.test(piece)) {
      const last = index === pieces.length - 1
      tokens.push(...cjkTokens(piece, start, !(forQuery && last)))
    } else {
      const word = normaliseWord(piece)
      if (word) tokens.push({ text: word, start, end: start + piece.length })
    }
  })
  return tokens
}

/** Just the words, for the index. */
export function indexTokens(text: string) {
  return tokenize(text).map((token) => token.text)
}

const LINK = /\bhttps?:\/\/[^\s<>]+|\bwww\.[a-z0-9-]+\.[a-z]{2,}/i

/** Whether a message contains a link (`has:link`). */
export function hasLink(text: string) {
  return LINK.test(text)
}

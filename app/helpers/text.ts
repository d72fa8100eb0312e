/**
 * The first `length` UTF-16 units of a text, never ending in half of a
 * surrogate pair (an emoji cut in two would show as U+FFFD).
 */
export function truncate(text: string, length: number) {
  if (text.length <= length) return text
  const end = /[\uD800-\uDBFF]/.test(text[length - 1]) ? length - 1 : length
  return text.slice(0, end)
}

/**
 * Characters that show nothing or reorder what follows: C0 and C1 controls,
 * the soft hyphen, bidirectional marks, embeddings, overrides and isolates
 * (`photo\u202Egnp.exe` reads as `photoexe.png`), zero-width spaces and
 * joiners, invisible operators, the byte-order mark and the blank Hangul
 * fillers. A zero-width joiner between two pictographs (👩‍💻) is kept.
 */
const INVISIBLE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200d|\u200d(?!\p{Extended_Pictographic})/gu

/** A text without its invisible and direction-changing characters (see above). */
export function stripInvisible(text: string) {
  return text.replace(INVISIBLE_CHARACTERS, '')
}

/**
 * How a person's name is stored: NFC, no invisible or direction-changing
 * characters, every run of spaces (of any width) one plain space, trimmed.
 */
export function cleanName(raw: string) {
  return stripInvisible(raw.normalize('NFC')).replace(/\s+/gu, ' ').trim()
}

/**
 * What two names are compared by, so `Ａｌｉｃｅ`, `alice` and `@Alice` are
 * one name: cleaned, compatibility-normalised (NFKC), lowercased, without
 * a leading `@`. Empty for a name with nothing visible.
 */
export function nameKey(name: string) {
  return cleanName(cleanName(name).normalize('NFKC')).toLowerCase().replace(/^@+/, '')
}

/** The longest word a name search indexes or compares, in characters. */
export const SEARCH_WORD_LENGTH = 64

/**
 * A name as name searches compare it: nameKey, then without accents
 * (`Éléonore` reads as `eleonore`) or unassigned code points, so a prefix
 * typed on any keyboard finds it.
 */
export function searchKey(text: string) {
  return nameKey(text)
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cn}]+/gu, '')
    .normalize('NFC')
}

/**
 * The words of a name or a query, as searchKey reads them: split on spaces
 * and on the `.`, `_`, `-` and `'` that join parts of names and usernames,
 * each cut to SEARCH_WORD_LENGTH, without repeats.
 */
export function searchWords(text: string) {
  const words = searchKey(text)
    .split(/[\s._\-'’@]+/u)
    .filter((word) => word !== '')
    .map((word) => truncate(word, SEARCH_WORD_LENGTH))
  return [...new Set(words)]
}

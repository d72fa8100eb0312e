/**
 * The first `length` UTF-16 units of a text, never ending in half of a
 * surrogate pair (an emoji cut in two would show as U+FFFD).
 */
export function truncate(text: string, length: number) {
  if (text.length <= length) return text
  const end = /[\uD800-\uDBFF]/.test(text[length - 1]) ? length - 1 : length
  return text.slice(0, end)
}

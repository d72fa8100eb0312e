import { shallowRef } from 'vue'
import type { EmojiEntry } from './emojiData'

const entries = shallowRef<EmojiEntry[] | null>(null)
const glyphs = shallowRef<Map<string, string>>(new Map())
let loading: Promise<void> | null = null

/** Loads the emoji set once (its own chunk and Hearth's copy of the data), on first need. */
function ensure() {
  loading ??= import('./emojiData')
    .then((data) => data.loadEmoji())
    .then((all) => {
      const map = new Map<string, string>()
      for (const entry of all) for (const code of entry.shortcodes) map.set(code, entry.unicode)
      entries.value = all
      glyphs.value = map
    })
    .catch(() => {
      // Offline: shortcodes show as text; the next use asks again.
      loading = null
    })
  return loading
}

/**
 * Emoji for reactions and the picker: glyphs by shortcode, reactive once loaded. Nothing is
 * fetched until `ensure()` is called (a message with reactions on screen, the picker open).
 */
export function useEmoji() {
  return {
    entries,
    ensure,
    glyph: (code: string) => glyphs.value.get(code) ?? null,
  }
}

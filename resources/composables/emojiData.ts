import dataUrl from 'emoji-picker-element-data/en/iamcal/data.json?url'

/** One emoji: its Slack-style shortcodes (`+1`, `thumbsup`), glyph and English name. */
export type EmojiEntry = { shortcodes: string[]; unicode: string; annotation: string }

type RawEntry = { shortcodes?: string[]; emoji: string; annotation: string }

let loading: Promise<EmojiEntry[]> | null = null

/**
 * The emoji set (the `iamcal` shortcodes Slack and Mattermost use), fetched once from
 * Hearth itself when first needed and shared by everything that shows emoji.
 */
export function loadEmoji(): Promise<EmojiEntry[]> {
  loading ??= fetch(dataUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`emoji data: ${response.status}`)
      return response.json() as Promise<RawEntry[]>
    })
    .then((entries) =>
      entries.map((entry) => ({
        shortcodes: entry.shortcodes ?? [],
        unicode: entry.emoji,
        annotation: entry.annotation,
      }))
    )
    .catch((error) => {
      loading = null
      throw error
    })
  return loading
}

/** Shortcode → glyph, for `:tada:` in messages and reactions. */
export async function loadShortcodes() {
  const map = new Map<string, string>()
  for (const entry of await loadEmoji()) {
    for (const code of entry.shortcodes) map.set(code, entry.unicode)
  }
  return map
}

/** Words that mention everybody in the channel. */
const CHANNEL_WIDE = new Set(['channel', 'all', 'here'])

const MENTION = /(?<![\w@.])@([a-z][a-z0-9._-]{1,21})/gi

/**
 * The usernames a message mentions and whether it mentions the whole
 * channel (`@channel`, `@all`, `@here`). Mentions inside code spans and
 * code blocks do not count; a trailing dot is punctuation, not part of the
 * name.
 */
export function parseMentions(message: string) {
  const text = message.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ')
  const usernames = new Set<string>()
  let everyone = false
  for (const match of text.matchAll(MENTION)) {
    const name = match[1].toLowerCase().replace(/[._-]+$/, '')
    if (CHANNEL_WIDE.has(name)) everyone = true
    else if (name.length >= 3) usernames.add(name)
  }
  return { usernames: [...usernames].slice(0, 100), everyone }
}

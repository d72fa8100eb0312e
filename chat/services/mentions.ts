import { indexTokens, isCjk, tokenize } from '#chat/services/search/tokenizer'

/** Words that mention everybody in the channel. */
const CHANNEL_WIDE = new Set(['channel', 'all', 'here'])

const MENTION = /(?<![\w@.])@([a-z][a-z0-9._-]{1,21})/gi

/**
 * The usernames a message mentions and whether it mentions the whole
 * channel (`@channel`, `@all`, `@here`; `here` alone means only those
 * online). Mentions inside code spans and code blocks do not count; a
 * trailing dot is punctuation, not part of the name.
 */
export function parseMentions(message: string) {
  const text = message.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ')
  const usernames = new Set<string>()
  let channel = false
  let here = false
  for (const match of text.matchAll(MENTION)) {
    const name = match[1].toLowerCase().replace(/[._-]+$/, '')
    if (name === 'here') here = true
    else if (CHANNEL_WIDE.has(name)) channel = true
    else if (name.length >= 3) usernames.add(name)
  }
  return {
    usernames: [...usernames].slice(0, 100),
    everyone: channel || here,
    onlyOnline: here && !channel,
  }
}

/**
 * The first of a user's keywords that a message mentions: whole words or
 * phrases, case- and accent-insensitively; Chinese or Japanese keywords
 * anywhere in the text. Keywords inside code count, as in Mattermost.
 */
export function matchKeyword(message: string, keywords: string[]) {
  if (keywords.length === 0) return null
  const words = ` ${indexTokens(message).join(' ')} `
  const text = message.normalize('NFKC').toLowerCase()
  return (
    keywords.find((keyword) => {
      if (isCjk(keyword)) return text.includes(keyword.normalize('NFKC').toLowerCase())
      const phrase = tokenize(keyword, true)
        .map((token) => token.text)
        .join(' ')
      return phrase !== '' && words.includes(` ${phrase} `)
    }) ?? null
  )
}

/** A stored keyword list (one per line) as a list. */
export function keywordList(stored: string | null | undefined) {
  return (stored ?? '').split('\n').filter((keyword) => keyword !== '')
}

import DOMPurify from 'dompurify'
import { ref } from 'vue'
import { highlighted, languageOf, requestHighlight } from './codeHighlight'
import {
  allowedClasses,
  createMarkdown,
  type CardLink,
  type MentionTargets,
  type RenderEnv,
} from './markdownRules'

export type { CardLink, MentionTargets }

/** Images shown inline only from Hearth's own file routes; anything else is left as a link. */
const HEARTH_FILE = /^\/api\/v1\/files\/[0-9a-f-]+(\/thumbnail)?$/i
const SAFE_URL = /^(?:https?:|mailto:|\/(?!\/)|#)/i

let targets: MentionTargets = { person: () => null, channel: () => null }
let emoji: Map<string, string> | null = null
let emojiLoading = false

const md = createMarkdown()

DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName !== 'class') return
  data.attrValue = allowedClasses(node.nodeName.toLowerCase(), data.attrValue)
  if (!data.attrValue) data.keepAttr = false
})

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href') ?? ''
    if (!SAFE_URL.test(href)) node.removeAttribute('href')
    if (/^https?:/i.test(href)) {
      node.setAttribute('target', '_blank')
      node.setAttribute('rel', 'noopener noreferrer')
    }
  }
  if (node.nodeName === 'IMG') {
    const src = node.getAttribute('src') ?? ''
    if (!HEARTH_FILE.test(src)) {
      node.replaceWith(document.createTextNode(node.getAttribute('alt') ?? ''))
    } else {
      node.setAttribute('loading', 'lazy')
    }
  }
  // Only task list checkboxes, and never ones a reader can tick.
  if (node.nodeName === 'INPUT') {
    if (node.getAttribute('type') !== 'checkbox') node.remove()
    else node.setAttribute('disabled', '')
  }
})

const PURIFY = {
  ALLOWED_TAGS: [
    'a',
    'p',
    'br',
    'strong',
    'em',
    's',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
    'span',
    'label',
    'input',
  ],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'class', 'start', 'type', 'checked', 'disabled'],
  ALLOW_DATA_ATTR: false,
}

const CACHE_SIZE = 2000
const cache = new Map<string, string>()
/** Bumped when what a render shows changes (links, emoji, highlighting): rows render again. */
const version = ref(0)

/** Where mentions and channel references link to; set by the message list for its team. */
export function setMentionTargets(next: MentionTargets) {
  if (next === targets) return
  targets = next
  invalidateMentions()
}

/** The people or channels mentions link to changed (the sidebar loaded): render again. */
export function invalidateMentions() {
  cache.clear()
  version.value += 1
}

function loadEmojiOnce() {
  if (emojiLoading) return
  emojiLoading = true
  import('./emojiData')
    .then((data) => data.loadShortcodes())
    .then((map) => {
      emoji = map
      invalidateMentions()
    })
    // Offline: shortcodes stay text until a later render asks again.
    .catch(() => (emojiLoading = false))
}

/**
 * A message's markdown as safe HTML: CommonMark with GFM tables, strikethrough, autolinks and
 * task lists, no raw HTML, sanitised by DOMPurify. `OPS-42` links to a card only when `cards`
 * (the post's previews) holds it. Cached by `key` (post id and edit time) and those cards, so
 * only rows that come on screen for the first time cost a render. Emoji shortcodes and code
 * highlighting arrive later (loaded on demand): the row renders again when they do.
 */
export function renderMessage(key: string, message: string, cards: CardLink[] = []) {
  void version.value
  const cacheKey = cards.length ? `${key}|${cards.map((card) => card.ref).join(',')}` : key
  const hit = cache.get(cacheKey)
  if (hit !== undefined) return hit
  const env: RenderEnv = {
    targets,
    cards,
    emoji,
    highlighted,
    languageOf,
    wantsEmoji: false,
    wantsHighlight: [],
  }
  const html = DOMPurify.sanitize(md.render(message, env), PURIFY) as string
  cache.set(cacheKey, html)
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!)
  if (env.wantsEmoji) loadEmojiOnce()
  if (env.wantsHighlight.length > 0) {
    requestHighlight(env.wantsHighlight, () => {
      cache.delete(cacheKey)
      version.value += 1
    })
  }
  return html
}

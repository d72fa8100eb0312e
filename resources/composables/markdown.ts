import DOMPurify from 'dompurify'
import MarkdownIt from 'markdown-it'
import type { StateInline } from 'markdown-it'
import { ref } from 'vue'

/** What a mention or a `~channel` reference points at, from the stores of the open team. */
export type MentionTargets = {
  /** The address of a person's direct messages, or null (the mention is then only marked). */
  person(username: string): string | null
  channel(name: string): string | null
}

/** Images shown inline only from Hearth's own file routes; anything else is left as a link. */
const HEARTH_FILE = /^\/api\/v1\/files\/[0-9a-f-]+(\/thumbnail)?$/i
const SAFE_URL = /^(?:https?:|mailto:|\/(?!\/)|#)/i
const WIDE_MENTIONS = new Set(['channel', 'all', 'here'])

let targets: MentionTargets = { person: () => null, channel: () => null }

/** `@username` and `~channel`, after a space or at the start, as their own tokens. */
function references(state: StateInline, silent: boolean) {
  const marker = state.src[state.pos]
  if (marker !== '@' && marker !== '~') return false
  if (state.pos > 0 && !/[\s(]/.test(state.src[state.pos - 1])) return false
  const match = /^[a-z0-9][a-z0-9._-]*/i.exec(state.src.slice(state.pos + 1))
  if (!match) return false
  const name = match[0].replace(/[._-]+$/, '')
  if (!silent) {
    const token = state.push(marker === '@' ? 'mention' : 'channel_ref', '', 0)
    token.content = name
  }
  state.pos += 1 + name.length
  return true
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: true })
md.inline.ruler.before('emphasis', 'references', references)
md.renderer.rules.mention = (tokens, index) => {
  const name = tokens[index].content
  const escaped = md.utils.escapeHtml(name)
  const href = WIDE_MENTIONS.has(name.toLowerCase()) ? null : targets.person(name)
  if (!href) return `<span class="mention">@${escaped}</span>`
  return `<a class="mention" href="${md.utils.escapeHtml(href)}">@${escaped}</a>`
}
md.renderer.rules.channel_ref = (tokens, index) => {
  const name = tokens[index].content
  const href = targets.channel(name)
  const text = `~${md.utils.escapeHtml(name)}`
  return href ? `<a class="mention" href="${md.utils.escapeHtml(href)}">${text}</a>` : text
}

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
    'input',
  ],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'class', 'start', 'type', 'checked', 'disabled'],
  ALLOW_DATA_ATTR: false,
}

const CACHE_SIZE = 2000
const cache = new Map<string, string>()
/** Bumped when what mentions link to changes: rows on screen render again. */
const targetsVersion = ref(0)

/** Where mentions and channel references link to; set by the message list for its team. */
export function setMentionTargets(next: MentionTargets) {
  if (next === targets) return
  targets = next
  invalidateMentions()
}

/** The people or channels mentions link to changed (the sidebar loaded): render again. */
export function invalidateMentions() {
  cache.clear()
  targetsVersion.value += 1
}

/**
 * A message's markdown as safe HTML: CommonMark with GFM tables, strikethrough and autolinks,
 * no raw HTML, sanitised by DOMPurify. Cached by post id and edit time, so only rows that
 * come on screen for the first time cost a render.
 */
export function renderMessage(key: string, message: string) {
  void targetsVersion.value
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const html = DOMPurify.sanitize(md.render(message), PURIFY) as string
  cache.set(key, html)
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!)
  return html
}

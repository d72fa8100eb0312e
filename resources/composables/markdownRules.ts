import MarkdownIt from 'markdown-it'
import type { StateCore, StateInline, Token } from 'markdown-it'

/** A card a message may link to by its reference (`OPS-42`): one of the post's previews. */
export type CardLink = { ref: string; boardId: string; id: string }

/** What mentions and `~channel` link to, from the stores of the open team. */
export type MentionTargets = {
  /** The address of a person's direct messages, or null (the mention is then only marked). */
  person(username: string): string | null
  channel(name: string): string | null
}

/**
 * What one render knows and learns: the links it may make, the emoji and highlighted code
 * ready so far, and what it would have shown had they been (markdown.ts loads those).
 */
export type RenderEnv = {
  targets: MentionTargets
  cards: CardLink[]
  /** Shortcode → glyph, or null until the emoji data has loaded. */
  emoji: Map<string, string> | null
  /** A block's highlighted HTML, null when it stays plain, undefined while not done yet. */
  highlighted(language: string, code: string): string | null | undefined
  /** The language a fence's info string names, when it is one we highlight. */
  languageOf(info: string): string | null
  wantsEmoji: boolean
  wantsHighlight: Array<{ language: string; code: string }>
}

const WIDE_MENTIONS = new Set(['channel', 'all', 'here'])
/** `OPS-42` (as the server reads it) or `:shortcode:`, in a run of plain text. */
const REF_OR_EMOJI = /(?<![\w/#.-])([A-Z][A-Z0-9]{1,9}-\d{1,7})(?![\w-])|:([a-z0-9_+-]+):/g
const TASK = /^\[([ xX])\]\s+/
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u
/** At most this many emoji alone in a message show large, as in Slack. */
const JUMBO_MAX = 3

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

/** Card references the post's previews resolved, and known shortcodes, in plain text. */
function refsAndEmoji(state: StateCore) {
  const env = state.env as RenderEnv
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue
    let inLink = 0
    const children: Token[] = []
    for (const child of block.children) {
      if (child.type === 'link_open') inLink += 1
      if (child.type === 'link_close') inLink -= 1
      if (child.type !== 'text' || inLink > 0) {
        children.push(child)
        continue
      }
      let last = 0
      const text = (content: string) => {
        if (!content) return
        const token = new state.Token('text', '', 0)
        token.content = content
        children.push(token)
      }
      for (const match of child.content.matchAll(REF_OR_EMOJI)) {
        const [whole, ref, shortcode] = match
        const card = ref ? env.cards.find((entry) => entry.ref === ref) : undefined
        const glyph = shortcode ? env.emoji?.get(shortcode) : undefined
        if (shortcode && !env.emoji) env.wantsEmoji = true
        if (!card && !glyph) continue
        text(child.content.slice(last, match.index))
        const token = new state.Token(card ? 'card_ref' : 'emoji', '', 0)
        token.content = card ? whole : glyph!
        token.meta = card ? { card } : { shortcode }
        children.push(token)
        last = match.index + whole.length
      }
      if (last === 0) children.push(child)
      else text(child.content.slice(last))
    }
    block.children = children
  }
}

/** A message of one to three emoji and nothing else: its emoji show large. */
function jumboEmoji(state: StateCore) {
  const [open, inline, close, ...rest] = state.tokens
  if (rest.length > 0 || open?.type !== 'paragraph_open' || close?.type !== 'paragraph_close')
    return
  const glyphs: Token[] = []
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  for (const child of inline.children ?? []) {
    if (child.type === 'emoji') glyphs.push(child)
    else if (child.type === 'softbreak') continue
    else if (child.type !== 'text') return
    else {
      for (const { segment } of segmenter.segment(child.content)) {
        if (/^\s+$/.test(segment)) continue
        if (!PICTOGRAPH.test(segment)) return
        const token = new state.Token('emoji', '', 0)
        token.content = segment
        token.meta = {}
        glyphs.push(token)
      }
    }
    if (glyphs.length > JUMBO_MAX) return
  }
  if (glyphs.length === 0) return
  for (const glyph of glyphs) glyph.meta = { ...glyph.meta, large: true }
  inline.children = glyphs
}

/** GFM task lists: `- [ ] a` and `- [x] b` as disabled checkboxes labelled by their text. */
function taskLists(state: StateCore) {
  const tokens = state.tokens
  for (let index = 2; index < tokens.length; index += 1) {
    const inline = tokens[index]
    const item = tokens[index - 2]
    if (inline.type !== 'inline' || item.type !== 'list_item_open') continue
    const first = inline.children?.[0]
    const marker = first?.type === 'text' ? TASK.exec(first.content) : null
    if (!first || !marker) continue
    first.content = first.content.slice(marker[0].length)
    const checked = marker[1] !== ' '
    const open = new state.Token('html_inline', '', 0)
    open.content = `<label class="task__label"><input class="task__box" type="checkbox" disabled${checked ? ' checked' : ''}> `
    const close = new state.Token('html_inline', '', 0)
    close.content = '</label>'
    inline.children = [open, ...inline.children!, close]
    item.attrJoin('class', 'task')
    for (let back = index - 3; back >= 0; back -= 1) {
      const list = tokens[back]
      if (list.level === item.level - 1 && list.type.endsWith('_list_open')) {
        if (!list.attrGet('class')) list.attrJoin('class', 'task-list')
        break
      }
    }
  }
}

const envOf = (env: unknown) => env as RenderEnv

/**
 * Hearth's markdown: CommonMark with GFM tables, strikethrough, autolinks and task lists, no
 * raw HTML, line breaks kept; `@user`, `~channel`, `OPS-42` card references, `:emoji:` and
 * fenced code in the languages we highlight. Pure: the sanitiser runs on its output.
 */
export function createMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true })
  const escape = md.utils.escapeHtml
  md.inline.ruler.before('emphasis', 'references', references)
  md.core.ruler.push('refs_and_emoji', refsAndEmoji)
  md.core.ruler.push('jumbo_emoji', jumboEmoji)
  md.core.ruler.push('task_lists', taskLists)

  md.renderer.rules.mention = (tokens, index, _options, env) => {
    const name = tokens[index].content
    const href = WIDE_MENTIONS.has(name.toLowerCase()) ? null : envOf(env).targets.person(name)
    if (!href) return `<span class="mention">@${escape(name)}</span>`
    return `<a class="mention" href="${escape(href)}">@${escape(name)}</a>`
  }
  md.renderer.rules.channel_ref = (tokens, index, _options, env) => {
    const name = tokens[index].content
    const href = envOf(env).targets.channel(name)
    const text = `~${escape(name)}`
    return href ? `<a class="mention" href="${escape(href)}">${text}</a>` : text
  }
  md.renderer.rules.card_ref = (tokens, index) => {
    const { card } = tokens[index].meta as { card: CardLink }
    const href = `/boards/${encodeURIComponent(card.boardId)}/cards/${encodeURIComponent(card.id)}`
    return `<a class="card-ref" href="${escape(href)}">${escape(card.ref)}</a>`
  }
  md.renderer.rules.emoji = (tokens, index) => {
    const { shortcode, large } = tokens[index].meta as { shortcode?: string; large?: boolean }
    const title = shortcode ? ` title=":${escape(shortcode)}:"` : ''
    const kind = large ? 'emoji emoji--large' : 'emoji'
    return `<span class="${kind}"${title}>${escape(tokens[index].content)}</span>`
  }
  md.renderer.rules.fence = (tokens, index, _options, given) => {
    const env = envOf(given)
    const { info, content } = tokens[index]
    const language = env.languageOf(info.trim().split(/\s+/)[0] ?? '')
    if (!language) return `<pre><code>${escape(content)}</code></pre>\n`
    const html = env.highlighted(language, content)
    if (html === undefined) env.wantsHighlight.push({ language, code: content })
    return `<pre><code class="hljs language-${language}">${html ?? escape(content)}</code></pre>\n`
  }
  return md
}

/** The classes rendered messages may carry: ours, and highlight.js's `hljs-*` on spans. */
export function allowedClasses(tag: string, value: string) {
  const allowed = (name: string) => {
    switch (tag) {
      case 'span':
        return /^hljs-[a-z-]+$/.test(name) || ['mention', 'emoji', 'emoji--large'].includes(name)
      case 'a':
        return name === 'mention' || name === 'card-ref'
      case 'code':
        return name === 'hljs' || /^language-[a-z]+$/.test(name)
      case 'ul':
      case 'ol':
        return name === 'task-list'
      case 'li':
        return name === 'task'
      case 'label':
        return name === 'task__label'
      case 'input':
        return name === 'task__box'
      default:
        return false
    }
  }
  return value.split(/\s+/).filter(allowed).join(' ')
}

import type { Embed, Post } from '../../api/types.js'
import type { CardLink } from '../../composables/markdownRules.js'

/** What a post Hearth wrote about a card says, as a line under its author's name. */
export type CardNotice = {
  kind: 'created' | 'activity' | 'reminder'
  /** Markdown: "moved OPS-12 to **Done**". */
  text: string
  /** What else the post shows below the line (a new card's description). */
  body: string
}

type ColumnRef = { id: string; label: string } | null
type Change =
  | { kind: 'moved'; from: ColumnRef; to: ColumnRef }
  | { kind: 'assigned' | 'unassigned'; userIds: string[] }
  | { kind: 'due'; from: string | null; to: string | null }
  | { kind: 'archived' | 'unarchived' | 'deleted' }

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' })
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Text put in markdown as it is: names and labels never format or mention anything. */
export function literal(text: string) {
  return text.replace(/[\\`*_{}[\]()#+\-.!~|<>@:]/g, '\\$&')
}

/** A due date as the card shows it: the day alone at midnight UTC, else day and time. */
export function dueLabel(iso: string) {
  const date = new Date(iso)
  const midnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0
  return midnight ? dayFormat.format(date) : timeFormat.format(date)
}

/** The previews of a post that are cards. */
export function cardPreviews(post: Post | null) {
  return (post?.embeds ?? []).filter((embed): embed is Embed => embed.type === 'card')
}

/** The cards a post's `OPS-42` references may link to: its previews, and the card it is about. */
export function cardLinks(post: Post | null, previews = cardPreviews(post)): CardLink[] {
  const links = previews
    .filter((embed) => embed.card.ref)
    .map(({ card }) => ({ ref: card.ref!, boardId: card.boardId, id: card.id }))
  const props = post?.props
  if (
    post?.type.startsWith('card') &&
    typeof props?.ref === 'string' &&
    typeof props.boardId === 'string' &&
    typeof props.cardId === 'string' &&
    !links.some((link) => link.ref === props.ref)
  ) {
    links.push({ ref: props.ref, boardId: props.boardId, id: props.cardId })
  }
  return links
}

function describe(change: Change, subject: string, nameOf: (userId: string) => string) {
  const people = (ids: string[]) => ids.map((id) => literal(nameOf(id))).join(', ')
  const column = (ref: ColumnRef) => `**${literal(ref ? ref.label || 'Unnamed column' : '')}**`
  switch (change.kind) {
    case 'moved':
      return change.to
        ? `moved ${subject} to ${column(change.to)}`
        : `took ${subject} out of ${column(change.from)}`
    case 'assigned':
      return `assigned ${people(change.userIds)} to ${subject}`
    case 'unassigned':
      return `unassigned ${people(change.userIds)} from ${subject}`
    case 'due':
      if (!change.to) return `removed the due date of ${subject}`
      return `set ${subject} due ${literal(dueLabel(change.to))}`
    case 'archived':
      return `archived ${subject}`
    case 'unarchived':
      return `restored ${subject}`
    case 'deleted':
      return `deleted ${subject}`
  }
}

/**
 * The readable line of a card's post ("created OPS-12"), a card activity post ("moved OPS-12
 * to **Done** and assigned Bob to it") or a reminder, or null for people's messages.
 */
export function cardNotice(
  post: Post,
  nameOf: (userId: string) => string,
  hasPreview: boolean
): CardNotice | null {
  const ref = typeof post.props?.ref === 'string' ? post.props.ref : null
  const subject = ref ?? 'this card'
  if (post.type === 'card') {
    const split = post.message.indexOf('\n\n')
    const title = split === -1 ? post.message : post.message.slice(0, split)
    const body = split === -1 ? '' : post.message.slice(split + 2)
    // The preview shows the title; without one (a card gone) the line names it.
    const text = hasPreview ? `created ${subject}` : `created ${subject} · ${literal(title)}`
    return { kind: 'created', text, body }
  }
  if (post.type === 'card_activity') {
    const changes = Array.isArray(post.props?.changes) ? (post.props.changes as Change[]) : []
    if (changes.length === 0) return { kind: 'activity', text: post.message, body: '' }
    const parts = changes.map((change, index) =>
      describe(change, index === 0 ? subject : 'it', nameOf)
    )
    const text =
      parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
    return { kind: 'activity', text, body: '' }
  }
  if (post.type === 'card_reminder') {
    return { kind: 'reminder', text: post.message.replace('this card', subject), body: '' }
  }
  return null
}

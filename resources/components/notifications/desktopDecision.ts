import type { NotificationEvent } from '../../api/notificationTypes.js'

/** What one tab of the browser is showing: the channel on screen, and whether it has focus. */
export type TabView = { channelId: string | null; focused: boolean }

export type AlertContext = {
  /** Whether the browser lets Hearth show notifications (`Notification.permission`). */
  permission: 'default' | 'granted' | 'denied' | 'unsupported'
  /** Every open tab's view, this one's included. */
  views: Iterable<TabView>
  /** Posts already notified in this browser. */
  seen: { has(postId: string): boolean }
  /** Do-not-disturb's end as this browser knows it (the server silences alerts as well). */
  dndUntil: string | null
  now: number
}

/**
 * Whether a `notification.created` event becomes a browser notification: the server says to
 * alert, the browser allows it, it was not shown already, do-not-disturb is off and no
 * focused tab is looking at its channel.
 */
export function shouldAlert(event: NotificationEvent, context: AlertContext) {
  if (!event.alert || context.permission !== 'granted') return false
  if (context.seen.has(event.post.id)) return false
  if (context.dndUntil && new Date(context.dndUntil).getTime() > context.now) return false
  for (const view of context.views) {
    if (view.focused && view.channelId === event.post.channelId) return false
  }
  return true
}

/** Markdown as plain words on one line, cut before a word past `max` characters, with an ellipsis. */
export function plainExcerpt(markdown: string, max = 140) {
  const text = markdown
    .replaceAll(/```[\s\S]*?```/g, ' ')
    .replaceAll(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replaceAll(/[*_`~>#|]/g, '')
    .replaceAll(/\s+/g, ' ')
    .trim()
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(text[max - 1] === ' ' || space < max / 2 ? cut : cut.slice(0, space)).trimEnd()}…`
}

/** The title, text and tag of a browser notification for an event. */
export function notificationContent(event: NotificationEvent) {
  const who = event.actor ? event.actor.displayName || event.actor.username : 'Someone'
  const where = event.channel.displayName || event.channel.name
  const title =
    event.channel.type === 'direct'
      ? who
      : event.post.rootId
        ? `${who} replied in ${where}`
        : `${who} in ${where}`
  return { title, body: plainExcerpt(event.post.message) || '(no text)', tag: event.post.id }
}

/** A bounded memory of the posts notified, oldest forgotten first. */
export class SeenPosts {
  #ids = new Set<string>()
  constructor(private readonly limit = 500) {}

  has(postId: string) {
    return this.#ids.has(postId)
  }

  add(postId: string) {
    this.#ids.add(postId)
    if (this.#ids.size > this.limit) this.#ids.delete(this.#ids.values().next().value!)
  }
}

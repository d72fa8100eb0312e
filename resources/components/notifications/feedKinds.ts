import type { NotificationKind } from '../../api/notificationTypes.js'

/** How the mentions view names why an entry is there. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  direct: 'Direct message',
  mention: 'Mentioned you',
  channel: 'Mentioned the channel',
  keyword: 'Matched a keyword',
  reply: 'Replied in a thread you follow',
  assigned: 'Assigned you a card',
  due: 'Card due',
  message: 'New message',
}

/** Entries newest first, each once: `fresh` (just read) before and over `known`. */
export function mergeFeed<T extends { id: string; createdAt: string }>(fresh: T[], known: T[]) {
  const byId = new Map<string, T>()
  for (const entry of [...fresh, ...known]) if (!byId.has(entry.id)) byId.set(entry.id, entry)
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

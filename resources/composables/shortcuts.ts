/**
 * The app's keyboard map: one table, read by the listener that runs the shortcuts
 * (useShortcuts) and by the dialog that lists them (Ctrl/Cmd+/), so every shortcut the app
 * has is listed and nothing listed is missing. Pure: no Vue, no DOM beyond the event.
 */

export type ShortcutId =
  | 'channel.previous'
  | 'channel.next'
  | 'unread.previous'
  | 'unread.next'
  | 'escape'
  | 'regions.next'
  | 'regions.previous'
  | 'shortcuts'
  | 'search'
  | 'search.find'
  | 'switcher'
  | 'settings'
  | 'message.next'
  | 'message.previous'
  | 'message.reply'
  | 'message.edit'
  | 'composer.editLast'
  | 'composer.replyLast'
  | 'composer.newLine'
  | 'board.undo'
  | 'board.redo'

export type ShortcutGroup = 'Navigation' | 'Messages' | 'Composer' | 'Boards'

/** What a key press is, as far as the table cares. */
export type KeyPress = {
  key: string
  code: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
}

export type Shortcut = {
  id: ShortcutId
  group: ShortcutGroup
  description: string
  /** The keys as shown, `Mod` standing for Ctrl, or ⌘ on a Mac. */
  keys: string[]
  /**
   * Where it runs: `app` from anywhere outside a text field, `always` even while typing, and
   * `composer` only in the composer, which handles it itself (listed, not dispatched here).
   */
  where: 'app' | 'always' | 'composer'
  matches: (press: KeyPress) => boolean
}

/** Ctrl, or ⌘ on a Mac, and neither Alt nor the other of the two. */
const mod = (press: KeyPress) => (press.ctrlKey || press.metaKey) && !press.altKey
const plain = (press: KeyPress) => !press.ctrlKey && !press.metaKey && !press.altKey
const letter = (press: KeyPress, value: string) =>
  plain(press) && !press.shiftKey && press.key.toLowerCase() === value

export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'channel.previous',
    group: 'Navigation',
    description: 'Previous channel in the sidebar',
    keys: ['Alt', '↑'],
    where: 'always',
    matches: (p) => p.altKey && !p.shiftKey && !p.ctrlKey && !p.metaKey && p.key === 'ArrowUp',
  },
  {
    id: 'channel.next',
    group: 'Navigation',
    description: 'Next channel in the sidebar',
    keys: ['Alt', '↓'],
    where: 'always',
    matches: (p) => p.altKey && !p.shiftKey && !p.ctrlKey && !p.metaKey && p.key === 'ArrowDown',
  },
  {
    id: 'unread.previous',
    group: 'Navigation',
    description: 'Previous unread channel',
    keys: ['Alt', 'Shift', '↑'],
    where: 'always',
    matches: (p) => p.altKey && p.shiftKey && !p.ctrlKey && !p.metaKey && p.key === 'ArrowUp',
  },
  {
    id: 'unread.next',
    group: 'Navigation',
    description: 'Next unread channel',
    keys: ['Alt', 'Shift', '↓'],
    where: 'always',
    matches: (p) => p.altKey && p.shiftKey && !p.ctrlKey && !p.metaKey && p.key === 'ArrowDown',
  },
  {
    id: 'switcher',
    group: 'Navigation',
    description: 'Jump to a channel or person',
    keys: ['Mod', 'K'],
    where: 'always',
    matches: (p) => mod(p) && !p.shiftKey && p.key.toLowerCase() === 'k',
  },
  {
    id: 'search',
    group: 'Navigation',
    description: 'Search messages',
    keys: ['/'],
    where: 'app',
    matches: (p) => plain(p) && p.key === '/',
  },
  {
    id: 'search.find',
    group: 'Navigation',
    description: 'Search messages, from anywhere',
    keys: ['Mod', 'F'],
    where: 'always',
    matches: (p) => mod(p) && !p.shiftKey && p.key.toLowerCase() === 'f',
  },
  {
    id: 'regions.next',
    group: 'Navigation',
    description: 'Next region: sidebar, messages, composer, side panel',
    keys: ['F6'],
    where: 'always',
    matches: (p) => plain(p) && !p.shiftKey && p.key === 'F6',
  },
  {
    id: 'regions.previous',
    group: 'Navigation',
    description: 'Previous region',
    keys: ['Shift', 'F6'],
    where: 'always',
    matches: (p) => plain(p) && p.shiftKey && p.key === 'F6',
  },
  {
    id: 'escape',
    group: 'Navigation',
    description: 'Mark the channel read and close the side panel',
    keys: ['Esc'],
    where: 'always',
    matches: (p) => plain(p) && !p.shiftKey && p.key === 'Escape',
  },
  {
    id: 'settings',
    group: 'Navigation',
    description: 'Settings',
    keys: ['Mod', 'Shift', 'A'],
    where: 'always',
    matches: (p) => mod(p) && p.shiftKey && p.key.toLowerCase() === 'a',
  },
  {
    id: 'shortcuts',
    group: 'Navigation',
    description: 'This list of shortcuts',
    keys: ['Mod', '/'],
    where: 'always',
    matches: (p) => mod(p) && (p.key === '/' || p.code === 'Slash'),
  },
  {
    id: 'message.previous',
    group: 'Messages',
    description: 'Select the message above',
    keys: ['K'],
    where: 'app',
    matches: (p) => letter(p, 'k'),
  },
  {
    id: 'message.next',
    group: 'Messages',
    description: 'Select the message below',
    keys: ['J'],
    where: 'app',
    matches: (p) => letter(p, 'j'),
  },
  {
    id: 'message.reply',
    group: 'Messages',
    description: 'Reply to the selected message in its thread',
    keys: ['R'],
    where: 'app',
    matches: (p) => letter(p, 'r'),
  },
  {
    id: 'message.edit',
    group: 'Messages',
    description: 'Edit the selected message (yours)',
    keys: ['E'],
    where: 'app',
    matches: (p) => letter(p, 'e'),
  },
  {
    id: 'composer.editLast',
    group: 'Composer',
    description: 'Edit your last message (in an empty composer)',
    keys: ['↑'],
    where: 'composer',
    matches: (p) => plain(p) && !p.shiftKey && p.key === 'ArrowUp',
  },
  {
    id: 'composer.replyLast',
    group: 'Composer',
    description: 'Reply to the last message (in an empty composer)',
    keys: ['Shift', '↑'],
    where: 'composer',
    matches: (p) => plain(p) && p.shiftKey && p.key === 'ArrowUp',
  },
  {
    id: 'composer.newLine',
    group: 'Composer',
    description: 'New line in the message',
    keys: ['Shift', 'Enter'],
    where: 'composer',
    matches: (p) => plain(p) && p.shiftKey && p.key === 'Enter',
  },
  {
    id: 'board.undo',
    group: 'Boards',
    description: 'Undo your last change to the board',
    keys: ['Mod', 'Z'],
    where: 'app',
    matches: (p) => mod(p) && !p.shiftKey && p.key.toLowerCase() === 'z',
  },
  {
    id: 'board.redo',
    group: 'Boards',
    description: 'Redo your change (also Ctrl+Y)',
    keys: ['Mod', 'Shift', 'Z'],
    where: 'app',
    matches: (p) =>
      mod(p) &&
      ((p.shiftKey && p.key.toLowerCase() === 'z') || (!p.shiftKey && p.key.toLowerCase() === 'y')),
  },
]

/**
 * The shortcut a key press means here, or undefined: in a text field only those that run
 * `always`; never one the composer handles itself.
 */
export function shortcutFor(press: KeyPress, inTextField: boolean) {
  return SHORTCUTS.find(
    (entry) =>
      entry.where !== 'composer' &&
      (entry.where === 'always' || !inTextField) &&
      entry.matches(press)
  )
}

/** The keys as a person on this platform presses them. */
export function keyLabels(keys: string[], mac: boolean) {
  return keys.map((key) => {
    if (key === 'Mod') return mac ? '⌘' : 'Ctrl'
    if (key === 'Alt' && mac) return '⌥'
    return key
  })
}

/**
 * The channel `step` places from `current` in the sidebar's order, going round at the ends;
 * from a screen that is no channel, the first (down) or the last (up). `eligible` picks the
 * channels it may land on (the unread ones, for Alt+Shift).
 */
export function neighbourChannel<T extends { id: string }>(
  order: readonly T[],
  current: string | undefined,
  step: 1 | -1,
  eligible: (channel: T) => boolean = () => true
) {
  const from = order.findIndex((channel) => channel.id === current)
  for (let moved = 1; moved <= order.length; moved += 1) {
    const index =
      from === -1
        ? step === 1
          ? moved - 1
          : order.length - moved
        : (from + step * moved + order.length * moved) % order.length
    const candidate = order[index]
    if (candidate.id !== current && eligible(candidate)) return candidate
  }
  return null
}

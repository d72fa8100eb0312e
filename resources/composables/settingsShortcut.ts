/** What of a keydown the shortcut reads. */
type Keys = { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }

/** The settings' shortcut: Ctrl+Shift+A, or Cmd+Shift+A on a Mac. */
export function isSettingsShortcut(event: Keys) {
  return (
    (event.ctrlKey || event.metaKey) &&
    event.shiftKey &&
    !event.altKey &&
    event.key.toLowerCase() === 'a'
  )
}

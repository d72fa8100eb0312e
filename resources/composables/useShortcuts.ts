import { onBeforeUnmount, onMounted } from 'vue'
import { shortcutFor, type ShortcutId } from './shortcuts'

/**
 * Runs a shortcut, or returns false when it does not apply now (no selection, say), which
 * lets the key do what it does by default.
 */
type Handler = (event: KeyboardEvent) => boolean | void

/** The handlers of each shortcut, the latest registered first: it is the one on top. */
const handlers = new Map<ShortcutId, Handler[]>()

/** Runs `handler` for the shortcut while the calling component is mounted. */
export function onShortcut(id: ShortcutId | ShortcutId[], handler: Handler) {
  const ids = Array.isArray(id) ? id : [id]
  onMounted(() => {
    for (const each of ids) handlers.set(each, [handler, ...(handlers.get(each) ?? [])])
  })
  onBeforeUnmount(() => {
    for (const each of ids)
      handlers.set(
        each,
        (handlers.get(each) ?? []).filter((h) => h !== handler)
      )
  })
}

function inTextField(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
      target.type
    )
  )
}

/** A dialog or a menu is open: its keys are its own (Escape closes it, arrows move in it). */
function inOverlay(target: EventTarget | null) {
  if (document.querySelector('dialog[open]')) return true
  return target instanceof Element && target.closest('[role="menu"], [role="listbox"]') !== null
}

/** Finds the shortcut a key press means and runs the handler on top for it. */
export function dispatchShortcut(event: KeyboardEvent) {
  if (event.defaultPrevented || event.isComposing) return
  // Inside a shadow root (the description editor) the event's target is the root's host.
  const target = event.composedPath()[0] ?? event.target
  if (inOverlay(target)) return
  const shortcut = shortcutFor(event, inTextField(target))
  if (!shortcut) return
  for (const handler of handlers.get(shortcut.id) ?? []) {
    if (handler(event) === false) continue
    event.preventDefault()
    return
  }
}

/** The one listener for the app's shortcuts, installed by the signed-in shell. */
export function useShortcutListener() {
  onMounted(() => window.addEventListener('keydown', dispatchShortcut))
  onBeforeUnmount(() => window.removeEventListener('keydown', dispatchShortcut))
}

import { onBeforeUnmount, onMounted } from 'vue'
import { openQuickSwitcher, openSearch } from '@/stores/search'

/** Whether a key went to a place that takes text, where `/` is a character, not a shortcut. */
function typing(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return target.closest('input, textarea, select') !== null
}

/**
 * The search's keys, in one place so they can join an app-wide shortcut registry: `/` (when
 * not typing) and Ctrl/Cmd+F focus the search box, Ctrl/Cmd+K opens the quick switcher.
 * Called once, from the team shell.
 */
export function useSearchShortcuts() {
  function onKeydown(event: KeyboardEvent) {
    if (event.defaultPrevented || event.isComposing || event.altKey) return
    const command = event.ctrlKey || event.metaKey
    const key = event.key.toLowerCase()
    if (command && !event.shiftKey && key === 'k') {
      event.preventDefault()
      openQuickSwitcher()
    } else if (command && !event.shiftKey && key === 'f') {
      event.preventDefault()
      openSearch()
    } else if (!command && event.key === '/' && !typing(event.target)) {
      if (document.querySelector('dialog[open]')) return
      event.preventDefault()
      openSearch()
    }
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}

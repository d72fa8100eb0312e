import type { Ref } from 'vue'

/**
 * Keyboard handling inside an open menu (WAI-ARIA menu pattern): arrows move round the
 * items, Home and End jump to the ends, Escape closes and refocuses the opener, Tab closes
 * and lets focus move on. Use it for any `role="menu"` panel.
 */
export function useMenuKeys(panel: Ref<HTMLElement | null>, close: (refocus?: boolean) => void) {
  function items() {
    return [...(panel.value?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
  }

  function onMenuKey(event: KeyboardEvent) {
    const all = items()
    const index = all.indexOf(document.activeElement as HTMLElement)
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key]
    if (step) {
      event.preventDefault()
      all[(index + step + all.length) % all.length]?.focus()
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      all[event.key === 'Home' ? 0 : all.length - 1]?.focus()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close()
    } else if (event.key === 'Tab') {
      close(false)
    }
  }

  return { items, onMenuKey }
}

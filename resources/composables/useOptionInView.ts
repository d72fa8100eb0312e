import { nextTick, watch, type Ref } from 'vue'

/**
 * Keeps a listbox's active option in view as ↑/↓ move through a list longer than its popup.
 * Use it in any suggestion list whose options carry ids from `optionId`.
 */
export function useOptionInView(
  list: Ref<HTMLElement | null>,
  active: () => number,
  optionId: (index: number) => string
) {
  watch(active, async (index) => {
    if (index < 0) return
    await nextTick()
    list.value?.querySelector(`#${CSS.escape(optionId(index))}`)?.scrollIntoView({
      block: 'nearest',
    })
  })
}

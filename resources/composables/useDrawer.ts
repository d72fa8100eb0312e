import { ref } from 'vue'

const open = ref(false)

/**
 * The navigation drawer at phone width: the sidebar slides over the conversation. The shell
 * renders it, headers open it, navigation closes it.
 */
export function useDrawer() {
  return {
    open,
    show: () => (open.value = true),
    hide: () => (open.value = false),
  }
}

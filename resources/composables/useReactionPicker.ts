import { shallowRef } from 'vue'
import type { Post } from '@/api/types'

/** The message the emoji picker is choosing a reaction for (one picker for the whole app). */
const target = shallowRef<Post | null>(null)

export function useReactionPicker() {
  return {
    target,
    open: (post: Post) => (target.value = post),
    close: () => (target.value = null),
  }
}

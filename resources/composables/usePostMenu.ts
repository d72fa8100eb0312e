import { shallowRef } from 'vue'
import type { Post } from '@/api/types'

type MenuTarget = {
  post: Post
  /** The "More actions" button it opened from: placed against it, focus goes back to it. */
  anchor: HTMLElement
  /** Opened in a thread's panel: there is no channel read point to move there. */
  inThread: boolean
}

type PostDialog = { kind: 'delete' | 'history' | 'card'; post: Post }

/** The one menu of a message's further actions, and the dialogs it opens (one for the app). */
const target = shallowRef<MenuTarget | null>(null)
const dialog = shallowRef<PostDialog | null>(null)
/** A short confirmation or refusal after an action ("Link copied"). */
const notice = shallowRef<{ text: string; error: boolean } | null>(null)

export function usePostMenu() {
  return {
    target,
    dialog,
    notice,
    open: (post: Post, anchor: HTMLElement, inThread: boolean) => {
      target.value = { post, anchor, inThread }
    },
    close: () => (target.value = null),
  }
}

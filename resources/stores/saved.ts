import { defineStore } from 'pinia'
import { ref } from 'vue'
import { postsApi } from '@/api/posts'
import type { Post } from '@/api/types'

/**
 * Which posts the caller saved. Stream events carry no reader, so no `saved`: what pages say
 * is kept here, with the caller's own saves and the `post.saved`/`post.unsaved` events of
 * their other tabs and devices.
 */
export const useSavedStore = defineStore('saved', () => {
  const ids = ref(new Set<string>())

  function set(postId: string, saved: boolean) {
    if (ids.value.has(postId) === saved) return
    const next = new Set(ids.value)
    if (saved) next.add(postId)
    else next.delete(postId)
    ids.value = next
  }

  /** What a page of posts says (posts from stream events say nothing and change nothing). */
  function learn(posts: Post[]) {
    for (const post of posts) if (post.saved !== undefined) set(post.id, post.saved)
  }

  /** Saves or unsaves, shown at once and put back if the server refuses. */
  async function toggle(post: Post) {
    const saved = !ids.value.has(post.id)
    set(post.id, saved)
    try {
      await postsApi.save(post.id, saved)
    } catch (error) {
      set(post.id, !saved)
      throw error
    }
  }

  function reset() {
    ids.value = new Set()
  }

  return { ids, set, learn, toggle, reset }
})

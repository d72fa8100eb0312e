import { reactive } from 'vue'
import { ApiError } from '@/api/http'
import { postsApi } from '@/api/posts'
import type { Embed, Post } from '@/api/types'
import { usePostsStore } from '@/stores/posts'

/** Requests asked for within this long go out together. */
const BATCH_MS = 40
const PARALLEL = 4
/** A read that failed (no connection) is not asked again for this long. */
const RETRY_MS = 30_000
const KEPT = 1000

const versionOf = (post: Post) => `${post.id}:${post.editedAt ?? ''}`

/** Previews read so far, by post id and edit time: rows outside a channel window use them. */
const resolved = reactive(new Map<string, Embed[]>())
const wanted = new Map<string, Post>()
const asked = new Map<string, number>()
let timer: ReturnType<typeof setTimeout> | null = null

/** The read post's previews go into every window holding that version of it. */
function store(fresh: Post, embeds: Embed[]) {
  resolved.set(versionOf(fresh), embeds)
  asked.delete(versionOf(fresh))
  if (resolved.size > KEPT) resolved.delete(resolved.keys().next().value!)
  for (const held of usePostsStore().windows.values()) {
    const index = held.posts.findIndex((post) => post.id === fresh.id)
    const post = held.posts[index]
    if (!post || post.embeds !== null || versionOf(post) !== versionOf(fresh)) continue
    const next = held.posts.slice()
    next[index] = { ...post, embeds }
    held.posts = next
  }
}

async function read(post: Post) {
  try {
    const fresh = await postsApi.get(post.id)
    store(fresh, fresh.embeds ?? [])
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    // Gone or out of sight: it shows no previews. Otherwise try again later.
    if (error.status === 404 || error.status === 403) store(post, [])
  }
}

async function flush() {
  timer = null
  const queue = [...wanted.values()]
  wanted.clear()
  const next = async (): Promise<void> => {
    const post = queue.shift()
    if (!post) return
    await read(post)
    return next()
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, next))
}

/**
 * The card previews of a post. A stream event leaves them out (`embeds: null`) for posts
 * that may carry some; those are read once each (`GET /posts/:id`), batched, only for the
 * rows that ask, which are the rows on screen.
 */
export function postEmbeds(post: Post | null): Embed[] {
  if (!post || post.deleted) return []
  if (post.embeds !== null) return post.embeds ?? []
  const known = resolved.get(versionOf(post))
  if (known) return known
  const key = versionOf(post)
  const last = asked.get(key)
  if (last === undefined || Date.now() - last > RETRY_MS) {
    asked.set(key, Date.now())
    wanted.set(key, post)
    timer ??= setTimeout(() => void flush(), BATCH_MS)
  }
  return []
}

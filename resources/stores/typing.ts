import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StreamEvent } from '@/api/types'
import { useSessionStore } from './session'

type Typist = { userId: string; timer: ReturnType<typeof setTimeout> }

const placeOf = (channelId: string, rootId: string | null) => `${channelId}:${rootId ?? ''}`

/**
 * Who is typing where, from the channels' `typing` signals: per channel (or thread) the other
 * people typing, each until their signal expires or their message arrives.
 */
export const useTypingStore = defineStore('typing', () => {
  const session = useSessionStore()
  /** Place (`channel:root`) → the people typing there, in the order they started. */
  const places = ref(new Map<string, Typist[]>())

  function stop(place: string, userId: string) {
    const typists = places.value.get(place)
    const gone = typists?.find((typist) => typist.userId === userId)
    if (!typists || !gone) return
    clearTimeout(gone.timer)
    const rest = typists.filter((typist) => typist !== gone)
    const next = new Map(places.value)
    if (rest.length > 0) next.set(place, rest)
    else next.delete(place)
    places.value = next
  }

  function start(place: string, userId: string, expiresInMs: number) {
    const typists = places.value.get(place) ?? []
    const timer = setTimeout(() => stop(place, userId), expiresInMs)
    const known = typists.find((typist) => typist.userId === userId)
    if (known) clearTimeout(known.timer)
    const next = known
      ? typists.map((typist) => (typist === known ? { userId, timer } : typist))
      : [...typists, { userId, timer }]
    places.value = new Map(places.value).set(place, next)
  }

  /** A channel stream's event: a `typing` signal, or a message that ends its author's. */
  function receive(channelId: string, event: StreamEvent) {
    if (event.type === 'typing') {
      const { userId, rootId, expiresInMs } = event.data
      if (userId !== session.user?.id) start(placeOf(channelId, rootId), userId, expiresInMs)
    } else if (event.type === 'post.created') {
      const post = event.data.post
      if (post?.userId) stop(placeOf(channelId, post.rootId ?? null), post.userId)
    }
  }

  /** The ids of the people typing in a channel (`rootId` null) or a thread. */
  function typistsIn(channelId: string, rootId: string | null) {
    return (places.value.get(placeOf(channelId, rootId)) ?? []).map((typist) => typist.userId)
  }

  function reset() {
    for (const typists of places.value.values()) typists.forEach((t) => clearTimeout(t.timer))
    places.value = new Map()
  }

  return { receive, typistsIn, reset }
})

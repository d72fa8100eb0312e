import { ApiError } from '@/api/http'
import { signalsApi } from '@/api/signals'

/** The server broadcasts at most one signal per 2 s and place; sending more is wasted. */
const EVERY_MS = 2000
const lastSent = new Map<string, number>()

/**
 * Tells the channel (or thread) that the person is typing, at most once per two seconds per
 * place; call it on every keystroke that changes a new message's text.
 */
export function sendTyping(channelId: string, rootId: string | null) {
  const place = `${channelId}:${rootId ?? ''}`
  const now = Date.now()
  if (now - (lastSent.get(place) ?? 0) < EVERY_MS) return
  lastSent.set(place, now)
  signalsApi.typing(channelId, rootId).catch((error) => {
    // A signal lost is harmless: the next keystroke sends another.
    if (!(error instanceof ApiError)) throw error
  })
}

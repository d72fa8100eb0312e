/** How long a typing signal lasts unless repeated. */
export const TYPING_TTL_MS = 5000

/** One typing signal per person and place is broadcast at most this often. */
export const TYPING_INTERVAL_MS = 2000

const MAX_TRACKED = 10_000

/**
 * Coalesces typing signals: a client repeating "typing" on every keystroke
 * is broadcast at most once per TYPING_INTERVAL_MS for the same channel or
 * thread. Kept in memory by this process.
 */
class TypingGate {
  #last = new Map<string, number>()

  /** Whether this signal should be broadcast now. */
  admit(userId: string, channelId: string, rootId: string | null, now = Date.now()) {
    const key = `${userId}:${channelId}:${rootId ?? ''}`
    const last = this.#last.get(key)
    if (last !== undefined && now - last < TYPING_INTERVAL_MS) return false
    if (this.#last.size >= MAX_TRACKED) this.#prune(now)
    this.#last.set(key, now)
    return true
  }

  #prune(now: number) {
    for (const [key, at] of this.#last) {
      if (now - at >= TYPING_INTERVAL_MS) this.#last.delete(key)
    }
    if (this.#last.size >= MAX_TRACKED) this.#last.clear()
  }
}

export const typingGate = new TypingGate()

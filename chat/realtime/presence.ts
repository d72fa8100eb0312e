import { connections } from '#chat/realtime/connections'

/** `dnd` is worked out with the person's settings (presence_announcer.ts), not kept here. */
export const PRESENCE_STATUSES = ['online', 'away', 'dnd', 'offline'] as const
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number]

/** Idle this long with a stream open, and one shows as away. */
export const AWAY_AFTER_MS = 5 * 60 * 1000

type Activity = { at: number; away: boolean }

/**
 * Who is online: a user with an open stream is online, or away when they
 * said so or have been idle for AWAY_AFTER_MS; without a stream, offline.
 * Kept in memory by this process.
 */
class Presence {
  #activity = new Map<string, Activity>()
  /** The status last announced for each user, so a heartbeat tells only a change. */
  #told = new Map<string, PresenceStatus>()

  statusOf(userId: string, now = Date.now()): PresenceStatus {
    if (!connections.isConnected(userId)) return 'offline'
    const activity = this.#activity.get(userId)
    if (!activity) return 'online'
    return activity.away || now - activity.at > AWAY_AFTER_MS ? 'away' : 'online'
  }

  /** Records activity (any heartbeat), or an explicit away; returns the status before. */
  touch(userId: string, away = false) {
    const before = this.statusOf(userId)
    this.#activity.set(userId, { at: Date.now(), away })
    return before
  }

  /** Records the status just announced, or answers the one last announced. */
  told(userId: string, status?: PresenceStatus) {
    if (status) this.#told.set(userId, status)
    return this.#told.get(userId)
  }

  forget(userId: string) {
    if (connections.isConnected(userId)) return
    this.#activity.delete(userId)
    this.#told.delete(userId)
  }
}

export const presence = new Presence()

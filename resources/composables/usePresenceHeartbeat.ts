import { watch } from 'vue'
import { ApiError } from '@/api/http'
import { signalsApi } from '@/api/signals'
import { useChannelsStore } from '@/stores/channels'
import { useRealtime } from './useRealtime'

/** The server counts someone idle for 5 minutes as away: beat well within that. */
const HEARTBEAT_MS = 60_000
/** No input in any tab for this long, and the person is away. */
const IDLE_AFTER_MS = 4 * 60_000
/** A tab tells the others of its activity at most this often. */
const SHARE_EVERY_MS = 20_000
/**
 * The first beat after a (re)connect waits this long, so it does not compete with a cold
 * load's requests (the server counts a fresh stream as online meanwhile).
 */
const CONNECTED_BEAT_DELAY_MS = 3000
const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const
const BUS = 'hearth.activity'

let lastActive = Date.now()
let lastShared = 0
let bus: BroadcastChannel | null = null
let timer: ReturnType<typeof setInterval> | null = null
let connectedBeat: ReturnType<typeof setTimeout> | null = null
let stopWatching: (() => void) | null = null

const idle = () => Date.now() - lastActive >= IDLE_AFTER_MS

/**
 * Presence heartbeats (docs/realtime.md): the leader tab, which holds the browser's stream,
 * says `online` every minute while there was input in any of the browser's tabs (or one was
 * brought to the front) in the last few minutes, and `away` otherwise. Other tabs tell it of
 * their activity on a BroadcastChannel. `start` once signed in, `stop` on sign-out.
 */
export function usePresenceHeartbeat() {
  const realtime = useRealtime()
  const channels = useChannelsStore()

  function beat() {
    if (!realtime.isLeader() || realtime.status.value !== 'connected') return
    signalsApi
      .heartbeat(idle() ? 'away' : 'online')
      // Other tabs learn it from the team stream's presence.changed, if it changed.
      .then((answer) => channels.setPresence(answer.userId, answer.status))
      .catch((error) => {
        // The next beat says it again.
        if (!(error instanceof ApiError)) throw error
      })
  }

  function seen(at: number) {
    const wasIdle = idle()
    lastActive = Math.max(lastActive, at)
    // Back from away: say so now rather than at the next beat.
    if (wasIdle && !idle()) beat()
  }

  function onActivity() {
    const now = Date.now()
    seen(now)
    if (now - lastShared < SHARE_EVERY_MS) return
    lastShared = now
    bus?.postMessage({ at: now })
  }

  function onVisibility() {
    if (document.visibilityState === 'visible') onActivity()
  }

  function start() {
    if (timer) return
    lastActive = Date.now()
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { passive: true })
    document.addEventListener('visibilitychange', onVisibility)
    if (typeof BroadcastChannel !== 'undefined') {
      bus = new BroadcastChannel(BUS)
      bus.addEventListener('message', (event: MessageEvent<{ at: number }>) => seen(event.data.at))
    }
    timer = setInterval(beat, HEARTBEAT_MS)
    stopWatching = watch(
      realtime.status,
      (status) => {
        if (connectedBeat) clearTimeout(connectedBeat)
        connectedBeat = status === 'connected' ? setTimeout(beat, CONNECTED_BEAT_DELAY_MS) : null
      },
      { immediate: true }
    )
  }

  function stop() {
    for (const type of ACTIVITY) window.removeEventListener(type, onActivity)
    document.removeEventListener('visibilitychange', onVisibility)
    bus?.close()
    bus = null
    if (timer) clearInterval(timer)
    timer = null
    if (connectedBeat) clearTimeout(connectedBeat)
    connectedBeat = null
    stopWatching?.()
    stopWatching = null
  }

  return { start, stop }
}

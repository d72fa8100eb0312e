import { Transmit } from '@adonisjs/transmit-client'
import { ref } from 'vue'
import type { StreamEvent } from '@/api/types'

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting'

type Handler = (event: StreamEvent) => void

/**
 * `crypto.randomUUID()` exists only on HTTPS and localhost; a plain-HTTP install still has
 * `getRandomValues`. Transmit accepts 8–64 characters of `A-Za-z0-9_-`.
 */
const uid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0')
  ).join('')

/** After the client gives up (5 failed retries), start again after this long, then longer. */
const RESTART_DELAYS_MS = [1000, 2000, 5000, 10_000]

const status = ref<RealtimeStatus>('connecting')
const handlers = new Map<string, Handler>()
const connectedListeners = new Set<() => Promise<void> | void>()
let transmit: Transmit | null = null
let source: EventSource | null = null
let restarts = 0
let restartTimer: ReturnType<typeof setTimeout> | null = null
/** Bumped on every restart, so a stale client's callbacks change nothing. */
let generation = 0

function subscribe(client: Transmit, stream: string) {
  const subscription = client.subscription(stream)
  if (subscription.handlerCount === 0) {
    subscription.onMessage<StreamEvent>((event) => handlers.get(stream)?.(event))
  }
  return subscription
}

function start() {
  generation += 1
  const mine = generation
  transmit?.close()
  transmit = new Transmit({
    baseUrl: window.location.origin,
    uidGenerator: uid,
    eventSourceFactory: (url, options) => {
      source = new EventSource(url, options)
      return source
    },
    onReconnectFailed: () => mine === generation && scheduleRestart(),
  })
  const client = transmit
  client.on('connected', () => void connected(mine, client))
  client.on('reconnecting', () => {
    if (mine !== generation) return
    status.value = 'reconnecting'
    // Refused outright (a 5xx while the server restarts): the browser will not retry.
    if (source?.readyState === EventSource.CLOSED) scheduleRestart()
  })
}

async function connected(mine: number, client: Transmit) {
  if (mine !== generation) return
  restarts = 0
  // Subscribe first, then catch up: events that arrive meanwhile are buffered by the stores.
  await Promise.all([...handlers.keys()].map((stream) => subscribe(client, stream).forceCreate()))
  if (mine !== generation) return
  status.value = 'connected'
  for (const listener of connectedListeners) await listener()
}

function scheduleRestart() {
  if (restartTimer) return
  status.value = 'reconnecting'
  const delay = RESTART_DELAYS_MS[Math.min(restarts, RESTART_DELAYS_MS.length - 1)]
  restarts += 1
  restartTimer = setTimeout(() => {
    restartTimer = null
    start()
  }, delay)
}

/** The browser says the network is gone: an open stream may linger unseen, so end it now. */
function onBrowserOffline() {
  if (!transmit) return
  generation += 1
  transmit.close()
  status.value = 'reconnecting'
  scheduleRestart()
}

function onBrowserOnline() {
  if (status.value === 'connected' || !transmit) return
  if (restartTimer) clearTimeout(restartTimer)
  restartTimer = null
  start()
}

/**
 * The one event stream of this tab (docs/realtime.md): which streams it follows, whether it
 * is connected, and a hook run after every (re)connect, once the streams are subscribed
 * again, for catch-up.
 */
export function useRealtime() {
  return {
    status,
    connect() {
      if (transmit) return
      window.addEventListener('online', onBrowserOnline)
      window.addEventListener('offline', onBrowserOffline)
      start()
    },
    disconnect() {
      generation += 1
      window.removeEventListener('online', onBrowserOnline)
      window.removeEventListener('offline', onBrowserOffline)
      if (restartTimer) clearTimeout(restartTimer)
      restartTimer = null
      transmit?.close()
      transmit = null
      handlers.clear()
      status.value = 'connecting'
    },
    /**
     * Follows a stream; resolves once subscribed (the client waits for the connection, and
     * every reconnect subscribes again).
     */
    async follow(stream: string, handler: Handler) {
      handlers.set(stream, handler)
      if (transmit) await subscribe(transmit, stream).create()
    },
    async unfollow(stream: string) {
      handlers.delete(stream)
      if (transmit && status.value === 'connected') await transmit.subscription(stream).delete()
    },
    following: () => new Set(handlers.keys()),
    onConnected(listener: () => Promise<void> | void) {
      connectedListeners.add(listener)
      return () => connectedListeners.delete(listener)
    },
  }
}

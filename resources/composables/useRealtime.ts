import { Transmit } from '@adonisjs/transmit-client'
import { ref } from 'vue'
import { ApiError, request } from '@/api/http'
import type { Me, StreamEvent } from '@/api/types'

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting'

type Handler = (event: StreamEvent) => void

/** What the tabs of one browser tell each other about the one stream the leader holds. */
type TabMessage =
  | { kind: 'follow' | 'unfollow' | 'followed'; stream: string; tab: string }
  | { kind: 'event'; stream: string; event: StreamEvent }
  | { kind: 'status'; status: RealtimeStatus }
  | { kind: 'leader' | 'ask-status' }

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
const LOCK = 'hearth.realtime'

const tab = uid()
const status = ref<RealtimeStatus>('connecting')
/** This tab's streams and what it does with their events. */
const handlers = new Map<string, Handler>()
/** Leader only: the streams other tabs follow, and which tabs. */
const others = new Map<string, Set<string>>()
/** Follower only: follows the leader has not confirmed yet. */
const waiting = new Map<string, () => void>()
const connectedListeners = new Set<() => Promise<void> | void>()
let bus: BroadcastChannel | null = null
let leader = false
let releaseLock: (() => void) | null = null
let transmit: Transmit | null = null
let restarts = 0
let restartTimer: ReturnType<typeof setTimeout> | null = null
/** Bumped on every restart, so a stale client's callbacks change nothing. */
let generation = 0

const post = (message: TabMessage) => bus?.postMessage(message)

function setStatus(next: RealtimeStatus) {
  status.value = next
  if (leader) post({ kind: 'status', status: next })
}

async function runConnectedListeners() {
  for (const listener of connectedListeners) await listener()
}

function subscribe(client: Transmit, stream: string) {
  const subscription = client.subscription(stream)
  if (subscription.handlerCount === 0) {
    subscription.onMessage<StreamEvent>((event) => {
      handlers.get(stream)?.(event)
      if (others.has(stream)) post({ kind: 'event', stream, event })
    })
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
    onReconnectFailed: () => mine === generation && scheduleRestart(),
  })
  const client = transmit
  client.on('connected', () => void connected(mine, client))
  client.on('reconnecting', () => {
    if (mine !== generation) return
    // Our retries, not the browser's: a stream ended with its session would retry into 401s
    // (and one refused with a 5xx is never retried). Ask who is signed in, then reopen.
    generation += 1
    client.close()
    scheduleRestart()
  })
}

async function connected(mine: number, client: Transmit) {
  if (mine !== generation) return
  restarts = 0
  // Subscriptions are cookie-authenticated POSTs: make sure the XSRF cookie is this
  // session's (a login just rotated it) before Transmit reads it.
  await refreshXsrf()
  if (mine !== generation) return
  // Subscribe first, then catch up: events that arrive meanwhile are buffered by the stores.
  // Streams followed meanwhile (status is not yet 'connected') are taken in the next round.
  const done = new Set<string>()
  for (;;) {
    const todo = [...new Set([...handlers.keys(), ...others.keys()])].filter((s) => !done.has(s))
    if (todo.length === 0) break
    await Promise.all(todo.map((stream) => subscribe(client, stream).forceCreate()))
    if (mine !== generation) return
    todo.forEach((stream) => done.add(stream))
  }
  // A subscription refused (its token went stale meanwhile: a session that rotated or just
  // ended) goes once more with a fresh token; an ended session then closes the stream.
  const refused = [...done].filter((stream) => !client.subscription(stream).isCreated)
  if (refused.length > 0) {
    await refreshXsrf()
    if (mine !== generation) return
    await Promise.all(refused.map((stream) => subscribe(client, stream).forceCreate()))
    if (mine !== generation) return
  }
  setStatus('connected')
  await runConnectedListeners()
}

async function refreshXsrf() {
  try {
    await request('GET', '/api/v1/auth/csrf')
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
  }
}

function scheduleRestart() {
  if (restartTimer) return
  setStatus('reconnecting')
  const delay = RESTART_DELAYS_MS[Math.min(restarts, RESTART_DELAYS_MS.length - 1)]
  restarts += 1
  restartTimer = setTimeout(() => {
    restartTimer = null
    void restart()
  }, delay)
}

async function restart() {
  try {
    // A 401 here signs the person out (main.ts): no stream to reopen then.
    await request<Me>('GET', '/api/v1/users/me')
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    if (error.status !== 401 && leader) scheduleRestart()
    return
  }
  if (leader && !restartTimer) start()
}

/** The browser says the network is gone: an open stream may linger unseen, so end it now. */
function onBrowserOffline() {
  if (!transmit) return
  generation += 1
  transmit.close()
  scheduleRestart()
}

function onBrowserOnline() {
  if (status.value === 'connected' || !transmit) return
  if (restartTimer) clearTimeout(restartTimer)
  restartTimer = null
  start()
}

/** This tab holds the stream now (the first tab, or the next when the leader closed). */
function lead() {
  leader = true
  start()
  post({ kind: 'leader' })
  // Follows sent before there was a leader are this tab's own streams now.
  waiting.forEach((resolve) => resolve())
  waiting.clear()
}

async function onLeaderMessage(message: TabMessage) {
  if (message.kind === 'ask-status') post({ kind: 'status', status: status.value })
  if (message.kind === 'follow') {
    const tabs = others.get(message.stream) ?? new Set()
    tabs.add(message.tab)
    others.set(message.stream, tabs)
    if (transmit && status.value === 'connected') await subscribe(transmit, message.stream).create()
    post({ kind: 'followed', stream: message.stream, tab: message.tab })
  }
  if (message.kind === 'unfollow') {
    const tabs = others.get(message.stream)
    tabs?.delete(message.tab)
    if (tabs?.size === 0) others.delete(message.stream)
    if (!others.has(message.stream) && !handlers.has(message.stream) && transmit) {
      await transmit.subscription(message.stream).delete()
    }
  }
}

async function onFollowerMessage(message: TabMessage) {
  if (message.kind === 'event') handlers.get(message.stream)?.(message.event)
  if (message.kind === 'status') {
    const was = status.value
    status.value = message.status
    // The leader is (again) connected with every stream subscribed: catch up here too.
    if (message.status === 'connected' && was !== 'connected') await runConnectedListeners()
  }
  if (message.kind === 'followed' && message.tab === tab) {
    waiting.get(message.stream)?.()
    waiting.delete(message.stream)
  }
  if (message.kind === 'leader') {
    // A new leader knows nothing of this tab: follow again, then catch up.
    await Promise.all([...handlers.keys()].map(followThroughLeader))
    await runConnectedListeners()
  }
}

function followThroughLeader(stream: string) {
  return new Promise<void>((resolve) => {
    waiting.set(stream, resolve)
    post({ kind: 'follow', stream, tab })
  })
}

function onTabMessage(event: MessageEvent<TabMessage>) {
  void (leader ? onLeaderMessage(event.data) : onFollowerMessage(event.data))
}

/**
 * The one event stream of this browser (docs/realtime.md): its tabs elect a leader with a
 * Web Lock, which holds the stream and passes events on a BroadcastChannel (an account may
 * hold 20 streams). Which streams this tab follows, whether the stream is connected, and a
 * hook run after every (re)connect, once the streams are subscribed again, for catch-up.
 */
export function useRealtime() {
  return {
    status,
    connect() {
      if (transmit || bus || leader) return
      window.addEventListener('online', onBrowserOnline)
      window.addEventListener('offline', onBrowserOffline)
      if (!('locks' in navigator) || typeof BroadcastChannel === 'undefined') {
        leader = true
        start()
        return
      }
      bus = new BroadcastChannel(LOCK)
      bus.addEventListener('message', onTabMessage)
      post({ kind: 'ask-status' })
      void navigator.locks.request(LOCK, () => {
        if (!bus) return
        lead()
        return new Promise<void>((resolve) => (releaseLock = resolve))
      })
    },
    disconnect() {
      generation += 1
      window.removeEventListener('online', onBrowserOnline)
      window.removeEventListener('offline', onBrowserOffline)
      if (restartTimer) clearTimeout(restartTimer)
      restartTimer = null
      transmit?.close()
      transmit = null
      bus?.close()
      bus = null
      releaseLock?.()
      releaseLock = null
      leader = false
      handlers.clear()
      others.clear()
      waiting.clear()
      status.value = 'connecting'
    },
    /**
     * Follows a stream; resolves once subscribed, or at once while not connected (the next
     * connection subscribes it, and catch-up runs after). Every reconnect subscribes again.
     */
    async follow(stream: string, handler: Handler) {
      handlers.set(stream, handler)
      // Before 'connected', the connection's own round of subscriptions takes it.
      if (leader && transmit && status.value === 'connected') {
        await subscribe(transmit, stream).create()
      } else if (!leader && bus) await followThroughLeader(stream)
    },
    async unfollow(stream: string) {
      handlers.delete(stream)
      if (!leader) post({ kind: 'unfollow', stream, tab })
      else if (transmit && !others.has(stream)) await transmit.subscription(stream).delete()
    },
    following: () => new Set(handlers.keys()),
    /** This tab holds the stream (it alone sends what is said once per browser). */
    isLeader: () => leader,
    onConnected(listener: () => Promise<void> | void) {
      connectedListeners.add(listener)
      return () => connectedListeners.delete(listener)
    },
  }
}

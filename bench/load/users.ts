/*
|--------------------------------------------------------------------------
| Simulated users: state, think time, SSE receipts
|--------------------------------------------------------------------------
|
| A user is a small object (ids, a session cookie, its channels, one SSE
| stream) driven by one async loop (actions.ts). Think time is uniform in
| [1 s, 2 × mean − 1 s), as mattermost-load-test-ng's PickIdleTimeMs draws
| it, divided by --time-scale. What every user shares (the HTTP pool, the recorder, the
| boards, who is subscribed where, the posts in flight) lives in the World.
|
*/
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { HttpClient, Session } from './http.js'
import type { Recorder } from './metrics.js'
import { SseStream, type Frame } from './sse.js'

/** A board the users work on, with what they need to act on it. */
export type BoardInfo = { id: string; channelId: string; cardIds: string[]; columnIds: string[] }

export type World = {
  http: HttpClient
  recorder: Recorder
  port: number
  timeoutMs: number
  teamId: string
  userIds: string[]
  /** Simulated user index by user id (for mentions). */
  indexOf: Map<string, number>
  boards: BoardInfo[]
  boardByChannel: Map<string, BoardInfo>
  /** Users whose stream is subscribed to a channel (by channel id). */
  subscribers: Map<string, Set<SimUser>>
  /** Posts in flight by client id: when they were sent (performance.now()). */
  sent: Map<string, number>
  thinkMeanMs: number
  timeScale: number
  replyShare: number
  stop: AbortController
}

const MIN_THINK_MS = 1000
/** A post's client id as this generator makes them: `lg-<author index>-…`. */
const CLIENT_ID = /"clientId":"(lg-(\d+)-[^"]*)"/

export class SimUser {
  session: Session | null = null
  sse: SseStream | null = null
  /** Public channels and direct messages the user is in. */
  channels: string[] = []
  dms: string[] = []
  current: string | null = null
  board: BoardInfo | null = null
  /** Cursor to older posts of the current channel, and what its last page showed. */
  older: string | null = null
  roots: string[] = []
  authors: string[] = []
  /** Highest seq seen on the current channel's stream and on the user's own. */
  channelSeq = 0
  userSeq = 0
  posts = 0
  lost = false

  constructor(
    readonly world: World,
    readonly index: number,
    readonly id: string
  ) {}

  get userStream() {
    return `users/${this.id}`
  }

  /** A fresh stream object (fresh uid, as a reloaded page would have). */
  newStream() {
    const stream = new SseStream(randomUUID(), (frame, at) => this.#receive(frame, at))
    stream.onLost = () => {
      this.lost = true
      this.unsubscribed()
    }
    this.sse = stream
    return stream
  }

  subscribed(channelId: string) {
    let users = this.world.subscribers.get(channelId)
    if (!users) this.world.subscribers.set(channelId, (users = new Set()))
    users.add(this)
  }

  unsubscribed() {
    if (this.current) this.world.subscribers.get(this.current)?.delete(this)
  }

  /** A client id for a new post, naming its author so receipts can skip them. */
  nextClientId() {
    return `lg-${this.index}-${++this.posts}-${randomUUID().slice(0, 8)}`
  }

  #receive(frame: Frame, receivedAt: number) {
    if (frame.seq !== null) {
      if (frame.stream === this.userStream) this.userSeq = Math.max(this.userSeq, frame.seq)
      else if (frame.stream === `channels/${this.current}`) {
        this.channelSeq = Math.max(this.channelSeq, frame.seq)
      }
    }
    if (frame.type !== 'post.created') return
    const match = CLIENT_ID.exec(frame.text)
    if (!match || Number(match[2]) === this.index) return
    const sentAt = this.world.sent.get(match[1])
    if (sentAt !== undefined) this.world.recorder.delivered(receivedAt - sentAt)
  }
}

/** Waits `ms`, or less if the run stops; true if the run is still going. */
export async function pause(world: World, ms: number) {
  if (world.stop.signal.aborted) return false
  try {
    await sleep(ms, undefined, { signal: world.stop.signal })
    return true
  } catch {
    return false
  }
}

/** A think time: uniform in [1 s, 2 × mean − 1 s), scaled. */
export function thinkTime(world: World) {
  const low = Math.min(MIN_THINK_MS, world.thinkMeanMs)
  const high = 2 * world.thinkMeanMs - low
  return (low + Math.random() * (high - low)) / world.timeScale
}

/** Forgets posts sent more than a minute ago, so the map stays small. */
export function sweepSent(world: World) {
  const horizon = performance.now() - 60_000
  for (const [clientId, sentAt] of world.sent) {
    if (sentAt < horizon) world.sent.delete(clientId)
    else break
  }
}

import { WebSocket } from 'ws'
import config from '@adonisjs/core/services/config'
import type boardSyncConfig from '#config/board_sync'
import type { SyncIdentity } from '#boards/sync/upgrade_auth'
import { readOnlyNotice } from '#boards/sync/protocol'
import { Bucket } from '#boards/sync/write_budget'

/**
 * One board socket: who opened it, whether it may write, and its liveness.
 * The sync server owns the message handling; this holds the per-socket state.
 */
export class SyncConnection {
  /** Awareness client ids this socket set, removed when it goes. */
  readonly awarenessClients = new Set<number>()
  #writable = false
  #told = false
  #pinger: NodeJS.Timeout | null = null
  #answeredPing = true
  #answers: number[] = []
  #awarenessUpdates: Bucket
  /** Updates held back while the account's write budget refills (the socket is paused meanwhile). */
  readonly backlog: Uint8Array[] = []

  constructor(
    readonly socket: WebSocket,
    readonly identity: SyncIdentity,
    readonly boardId: string
  ) {
    type Awareness = (typeof boardSyncConfig)['awareness']
    const { updatesPerSecond, burstUpdates } = config.get<Awareness>('board_sync.awareness')
    this.#awarenessUpdates = new Bucket(updatesPerSecond, burstUpdates)
  }

  /**
   * Whether a sync step 1 (a request for the whole state the client lacks) is answered:
   * `syncAnswersPerMinute` per socket; more are ignored, as a client never needs them.
   */
  admitsSyncAnswer(now = Date.now()) {
    this.#answers = this.#answers.filter((at) => now - at < 60_000)
    if (this.#answers.length >= config.get<number>('board_sync.syncAnswersPerMinute')) return false
    this.#answers.push(now)
    return true
  }

  /** Whether the socket may change one of its awareness states now (`board_sync.awareness`). */
  admitsAwarenessUpdate() {
    if (this.#awarenessUpdates.waitFor(1) > 0) return false
    this.#awarenessUpdates.take(1)
    return true
  }

  get userId() {
    return this.identity.user.id
  }

  get writable() {
    return this.#writable
  }

  get isOpen() {
    return this.socket.readyState === WebSocket.OPEN
  }

  /**
   * Sets whether the socket may write. A socket that becomes read-only (on
   * connect, or demoted later) is told once, with the reason. Answers
   * whether it just became writable (it was read-only until now).
   */
  setAccess(readOnlyBecause: string | null) {
    const wasWritable = this.#writable
    this.#writable = readOnlyBecause === null
    if (readOnlyBecause !== null && (wasWritable || !this.#told)) {
      this.#told = true
      this.send(readOnlyNotice(readOnlyBecause))
    }
    return this.#writable && !wasWritable && this.#told
  }

  /** Sends a message; a socket whose unsent output is past `maxBufferedBytes` is dropped instead. */
  send(message: Uint8Array) {
    if (!this.isOpen) return
    const max = config.get<number>('board_sync.maxBufferedBytes')
    if (this.socket.bufferedAmount + message.length > max) return this.socket.terminate()
    this.socket.send(message, (error) => {
      if (error) this.socket.terminate()
    })
  }

  /** Closes with a code and a reason, cut to the 123 bytes a close frame allows. */
  close(code: number, reason: string) {
    if (this.socket.readyState >= WebSocket.CLOSING) return
    let short = reason
    while (Buffer.byteLength(short) > 123) short = short.slice(0, -1)
    this.socket.close(code, short)
  }

  /**
   * Pings every `intervalMs`; a socket that has not answered the previous
   * ping by then is dead and dropped without a closing handshake.
   */
  startPinging(intervalMs: number) {
    this.socket.on('pong', () => (this.#answeredPing = true))
    this.#pinger = setInterval(() => {
      if (!this.#answeredPing) return this.socket.terminate()
      this.#answeredPing = false
      this.socket.ping()
    }, intervalMs)
    this.#pinger.unref()
  }

  stopPinging() {
    if (this.#pinger) clearInterval(this.#pinger)
    this.#pinger = null
  }
}

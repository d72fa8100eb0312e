import { WebSocket } from 'ws'
import config from '@adonisjs/core/services/config'
import type { SyncIdentity } from '#boards/sync/upgrade_auth'
import { readOnlyNotice } from '#boards/sync/protocol'
import type boardSyncConfig from '#config/board_sync'

type Budget = (typeof boardSyncConfig)['writeBudget']

/** A token bucket: `rate` a second, up to `burst`. */
class Bucket {
  #level: number
  #at = Date.now()

  constructor(
    readonly rate: number,
    readonly burst: number
  ) {
    this.#level = burst
  }

  /** Takes `amount` if the bucket holds it (a debt of one step is allowed for what is measured after). */
  take(amount: number, allowDebt = false) {
    const now = Date.now()
    this.#level = Math.min(this.burst, this.#level + ((now - this.#at) / 1000) * this.rate)
    this.#at = now
    if (this.#level < 0 || (!allowDebt && amount > this.#level)) return false
    this.#level -= amount
    return true
  }
}

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
  #bytes: Bucket
  #structs: Bucket
  #answers: number[] = []

  constructor(
    readonly socket: WebSocket,
    readonly identity: SyncIdentity,
    readonly boardId: string
  ) {
    const budget = config.get<Budget>('board_sync.writeBudget')
    this.#bytes = new Bucket(budget.bytesPerSecond, budget.burstBytes)
    this.#structs = new Bucket(budget.structsPerSecond, budget.burstStructs)
  }

  /** Whether the socket's write budget admits an update of this many bytes. */
  admitsWrite(bytes: number) {
    return this.#bytes.take(bytes) && this.#structs.take(0)
  }

  /** Charges the structs an applied update added (the next update waits for the debt to clear). */
  chargeStructs(structs: number) {
    this.#structs.take(structs, true)
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

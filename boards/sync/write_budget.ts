import config from '@adonisjs/core/services/config'
import type boardSyncConfig from '#config/board_sync'

type Settings = (typeof boardSyncConfig)['writeBudget']

/** A token bucket: `rate` a second, up to `burst`; it may go into debt for what is measured after. */
export class Bucket {
  #level: number
  #at = Date.now()

  constructor(
    readonly rate: number,
    readonly burst: number
  ) {
    this.#level = burst
  }

  /** Milliseconds until the bucket holds `amount` (capped at its burst); 0 when it does now. */
  waitFor(amount: number, now = Date.now()) {
    this.#level = Math.min(this.burst, this.#level + ((now - this.#at) / 1000) * this.rate)
    this.#at = now
    const missing = Math.min(amount, this.burst) - this.#level
    return missing <= 0 ? 0 : Math.ceil((missing / this.rate) * 1000)
  }

  take(amount: number) {
    this.#level -= amount
  }
}

/**
 * What one account may write over its board sockets: updates, bytes and structs (the items
 * Yjs keeps in memory) a second, each with a burst. Updates are counted apart because each
 * one costs a check, a log row and a broadcast however small it is. Kept per account, not
 * per socket, so reconnecting does not refill it. Past it, the account's sockets are paused
 * until it refills: nothing is dropped, and the provider's own backpressure slows the client.
 */
export class WriteBudget {
  #updates: Bucket
  #bytes: Bucket
  #structs: Bucket

  constructor(settings: Settings = config.get<Settings>('board_sync.writeBudget')) {
    this.#updates = new Bucket(settings.updatesPerSecond, settings.burstUpdates)
    this.#bytes = new Bucket(settings.bytesPerSecond, settings.burstBytes)
    this.#structs = new Bucket(settings.structsPerSecond, settings.burstStructs)
  }

  /** Milliseconds to wait before an update of `bytes` may be applied; 0 to apply it now. */
  waitFor(bytes: number) {
    return Math.max(this.#updates.waitFor(1), this.#bytes.waitFor(bytes), this.#structs.waitFor(1))
  }

  /** Charges an update: its bytes, and the structs it added once it is applied. */
  charge(bytes: number, structs: number) {
    this.#updates.take(1)
    this.#bytes.take(bytes)
    this.#structs.take(structs)
  }
}

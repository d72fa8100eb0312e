import { randomUUID } from 'node:crypto'
import { EventSource } from 'eventsource'
import { WebClient } from '#tests/helpers/web_client'

/** One event as the server sent it: the Transmit channel and our envelope. */
export type ReceivedEvent = {
  channel: string
  type: string
  seq: number | null
  at: string
  data: any
}

/**
 * A real SSE client (the `eventsource` package over a real socket) on
 * Transmit's endpoints, authenticated like the WebClient it is built from:
 * its cookies or its Bearer token. Subscriptions go through the same client.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = []
  #source?: EventSource
  #waiters: Array<() => void> = []
  #dropped = false

  /** `uid` names the connection; pass another client's to open the same one again. */
  constructor(
    readonly http: WebClient,
    readonly uid: string = randomUUID()
  ) {}

  /** Opens the stream and resolves once the server has accepted it. */
  async connect() {
    const http = this.http
    const source = new EventSource(`${WebClient.baseUrl()}/__transmit/events?uid=${this.uid}`, {
      fetch: (input, init) => {
        const headers: Record<string, string> = { ...(init?.headers as Record<string, string>) }
        if (http.token) headers.authorization = `Bearer ${http.token}`
        else headers.cookie = [...http.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
        return fetch(input, { ...init, headers })
      },
    })
    this.#source = source
    source.onmessage = (message) => {
      const { channel, payload } = JSON.parse(message.data)
      if (channel === '$$transmit/ping') return
      this.events.push({ channel, ...payload })
      for (const wake of this.#waiters.splice(0)) wake()
    }
    await new Promise<void>((resolve, reject) => {
      source.onopen = () => resolve()
      source.onerror = (error) => reject(new Error(`SSE connection failed: ${error.message}`))
    })
    source.onerror = () => {
      this.#dropped = true
    }
    return this
  }

  /** Subscribes this connection to a stream; returns the HTTP status. */
  async subscribe(channel: string) {
    const response = await this.http.post('/__transmit/subscribe', { uid: this.uid, channel })
    return response.status
  }

  async unsubscribe(channel: string) {
    const response = await this.http.post('/__transmit/unsubscribe', { uid: this.uid, channel })
    return response.status
  }

  /** Events received so far on one stream, optionally of one type. */
  on(channel: string, type?: string) {
    return this.events.filter((e) => e.channel === channel && (!type || e.type === type))
  }

  /** Waits until `ready()` holds, or fails after `timeoutMs`. */
  async waitFor<T>(ready: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = ready()
      if (value) return value
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('timed out waiting for SSE events')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Waits a little and asserts nothing new arrived: for "stops receiving". */
  async quietFor(ms: number) {
    const count = this.events.length
    await new Promise((resolve) => setTimeout(resolve, ms))
    return this.events.length === count
  }

  /**
   * Whether the open stream was ended from the server's side at least once
   * (the client then retries after 3 s, unless closed).
   */
  get wasDropped() {
    return this.#dropped
  }

  get isOpen() {
    return this.#source?.readyState === EventSource.OPEN
  }

  close() {
    this.#source?.close()
  }
}

/*
|--------------------------------------------------------------------------
| A lightweight SSE client for Transmit's event stream
|--------------------------------------------------------------------------
|
| One socket per simulated user (`GET /__transmit/events?uid=`, with the
| user's session cookie), parsed by hand: frames are split on blank lines
| and only the head of each frame is read with a regular expression
| (stream, event type, seq), so thousands of streams do not cost a
| JSON.parse per event each. The owner gets every frame with its receipt
| time and decides what to look at.
|
*/
import http from 'node:http'
import type { Recorder } from './metrics.js'
import type { Session } from './http.js'

/** `data: {"channel":"<stream>","payload":{"type":"<type>","seq":<seq>` */
const HEAD = /^data: \{"channel":"([^"]*)","payload":\{"type":"([^"]*)","seq":(\d+|null)/

export type Frame = { stream: string; type: string; seq: number | null; text: string }

export type FrameHandler = (frame: Frame, receivedAt: number) => void

export class SseStream {
  #request: http.ClientRequest | null = null
  #buffer = ''
  #closing = false
  /** Called when the server ends the stream (not when we close it). */
  onLost: (() => void) | null = null

  constructor(
    readonly uid: string,
    readonly onFrame: FrameHandler
  ) {}

  /** Opens the stream; resolves true once the server accepted it, false otherwise (recorded). */
  open(port: number, session: Session, recorder: Recorder, timeoutMs: number) {
    const started = performance.now()
    this.#closing = false
    this.#buffer = ''
    return new Promise<boolean>((resolve) => {
      let settled = false
      const settle = (outcome: 'ok' | 'error' | 'timeout', status = 0) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        recorder.request('GET /__transmit/events', performance.now() - started, outcome, status)
        resolve(outcome === 'ok')
      }
      const request = http.get(
        {
          host: '127.0.0.1',
          port,
          path: `/__transmit/events?uid=${this.uid}`,
          headers: { accept: 'text/event-stream', cookie: session.cookie },
          agent: false,
        },
        (response) => {
          if (response.statusCode !== 200) {
            response.resume()
            settle('error', response.statusCode)
            return
          }
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => {
            settle('ok')
            this.#receive(chunk)
          })
          response.on('close', () => this.#ended())
        }
      )
      const timer = setTimeout(() => {
        settle('timeout')
        request.destroy()
      }, timeoutMs)
      request.on('error', () => {
        settle('error')
        this.#ended()
      })
      this.#request = request
    })
  }

  close() {
    this.#closing = true
    this.#request?.destroy()
    this.#request = null
  }

  get isOpen() {
    return this.#request !== null && !this.#closing
  }

  #ended() {
    const lost = !this.#closing && this.#request !== null
    this.#request = null
    if (lost) this.onLost?.()
  }

  #receive(chunk: string) {
    const receivedAt = performance.now()
    this.#buffer += chunk
    let end = this.#buffer.indexOf('\n\n')
    while (end !== -1) {
      const text = this.#buffer.slice(0, end)
      this.#buffer = this.#buffer.slice(end + 2)
      const head = HEAD.exec(text)
      if (head) {
        const seq = head[3] === 'null' ? null : Number(head[3])
        this.onFrame({ stream: head[1], type: head[2], seq, text }, receivedAt)
      }
      end = this.#buffer.indexOf('\n\n')
    }
  }
}

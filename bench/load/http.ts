/*
|--------------------------------------------------------------------------
| HTTP for thousands of simulated users from one process
|--------------------------------------------------------------------------
|
| node:http over one keep-alive connection pool (--connections sockets,
| shared by every user, as a browser fleet behind one address would look to
| the server), a timer per request (--timeout: a request still unanswered
| is aborted and counted as a timeout), and the caller's session cookie and
| CSRF header on every request, as the web app sends them. Every request is
| recorded under an endpoint name (`GET /channels/:id/posts`).
|
*/
import http from 'node:http'
import type { Outcome, Recorder } from './metrics.js'

/** A signed-in browser session: the cookies and the CSRF token to echo. */
export type Session = { cookie: string; xsrf: string }

export type Reply = {
  status: number
  ok: boolean
  text: string
  setCookies: string[]
  json<T = any>(): T
}

export class HttpClient {
  readonly #agent: http.Agent
  /** Told of every failed request (not timeouts), e.g. to print the first few. */
  onError: ((method: string, path: string, reply: Reply) => void) | null = null

  constructor(
    readonly port: number,
    readonly recorder: Recorder,
    readonly timeoutMs: number,
    connections: number
  ) {
    this.#agent = new http.Agent({
      keepAlive: true,
      maxSockets: connections,
      maxFreeSockets: connections,
      // Idle sockets are dropped before the server's 5 s keep-alive timeout closes them:
      // otherwise a request sent just as the server closes its socket fails with ECONNRESET,
      // an error of the client's making.
      timeout: 4000,
    })
  }

  /**
   * One request. Resolves with the reply for any status; a non-2xx status is
   * recorded as an error and a request over the timeout as a timeout
   * (resolved as status 0), so actions decide what to do next.
   */
  request(
    endpoint: string,
    method: string,
    path: string,
    session: Session | null,
    body?: unknown
  ): Promise<Reply> {
    const started = performance.now()
    const headers: Record<string, string> = { accept: 'application/json' }
    if (session) {
      headers.cookie = session.cookie
      if (method !== 'GET') headers['x-xsrf-token'] = session.xsrf
    }
    const payload = body === undefined ? undefined : JSON.stringify(body)
    if (payload !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(Buffer.byteLength(payload))
    }
    return new Promise((resolve) => {
      let settled = false
      const finish = (outcome: Outcome, reply: Reply) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        const ms = performance.now() - started
        this.recorder.request(`${method} ${endpoint}`, ms, outcome, reply.status)
        if (outcome === 'error' && this.onError) this.onError(method, path, reply)
        resolve(reply)
      }
      const failed = (outcome: Outcome, text: string) =>
        finish(outcome, { status: 0, ok: false, text, setCookies: [], json: () => null as any })
      const request = http.request(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.#agent },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', (error) => failed('error', error.message))
          response.on('end', () => {
            const status = response.statusCode ?? 0
            const text = Buffer.concat(chunks).toString('utf8')
            const ok = status >= 200 && status < 300
            finish(ok ? 'ok' : 'error', {
              status,
              ok,
              text,
              setCookies: response.headers['set-cookie'] ?? [],
              json: () => JSON.parse(text),
            })
          })
        }
      )
      const timer = setTimeout(() => {
        failed('timeout', 'timeout')
        request.destroy()
      }, this.timeoutMs)
      request.on('error', (error) => failed('error', error.message))
      request.end(payload)
    })
  }

  close() {
    this.#agent.destroy()
  }
}

/** Folds Set-Cookie headers into a cookie jar (name → value). */
export function keepCookies(jar: Map<string, string>, setCookies: string[]) {
  for (const line of setCookies) {
    const pair = line.split(';')[0]
    const index = pair.indexOf('=')
    const value = pair.slice(index + 1).trim()
    if (value === '' || /max-age=0\b/i.test(line)) jar.delete(pair.slice(0, index).trim())
    else jar.set(pair.slice(0, index).trim(), value)
  }
}

/** The session the web app would send from a cookie jar. */
export function sessionOf(jar: Map<string, string>): Session {
  return {
    cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    xsrf: decodeURIComponent(jar.get('XSRF-TOKEN') ?? ''),
  }
}

import env from '#start/env'

export type WebResponse<Body = any> = {
  status: number
  body: Body
  headers: Headers
}

/** A response as received, with the body's exact bytes too (downloads). */
export type ReceivedResponse<Body = any> = WebResponse<Body> & { bytes: Buffer }

type Options = { json?: unknown; form?: FormData; headers?: Record<string, string> }

/**
 * An HTTP client that behaves like the web app in a browser: it keeps
 * cookies, fetches the XSRF-TOKEN cookie before its first change and echoes
 * it in `X-XSRF-TOKEN`. With a token it behaves like a script instead:
 * `Authorization: Bearer`, no cookies.
 */
export class WebClient {
  readonly cookies = new Map<string, string>()

  /** `base`: another Hearth than the test server (one run as its own process). */
  constructor(
    readonly token?: string,
    readonly base = WebClient.baseUrl()
  ) {}

  static baseUrl() {
    return `http://${env.get('HOST', '127.0.0.1')}:${env.get('PORT', 3334)}`
  }

  get<Body = any>(path: string, options: Options = {}) {
    return this.request<Body>('GET', path, options)
  }

  post<Body = any>(path: string, json?: unknown, options: Options = {}) {
    return this.request<Body>('POST', path, { ...options, json })
  }

  patch<Body = any>(path: string, json?: unknown, options: Options = {}) {
    return this.request<Body>('PATCH', path, { ...options, json })
  }

  put<Body = any>(path: string, json?: unknown, options: Options = {}) {
    return this.request<Body>('PUT', path, { ...options, json })
  }

  delete<Body = any>(path: string, options: Options = {}) {
    return this.request<Body>('DELETE', path, options)
  }

  async request<Body = any>(method: string, path: string, options: Options = {}) {
    const unsafe = !['GET', 'HEAD'].includes(method)
    if (unsafe && !this.token && !this.cookies.has('XSRF-TOKEN')) {
      await this.request('GET', '/api/v1/auth/csrf')
    }

    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    if (this.token) headers.authorization = `Bearer ${this.token}`
    if (!this.token && this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    const xsrf = this.cookies.get('XSRF-TOKEN')
    if (unsafe && xsrf && !('x-xsrf-token' in headers))
      headers['x-xsrf-token'] = decodeURIComponent(xsrf)
    if (options.json !== undefined) headers['content-type'] = 'application/json'

    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
      redirect: 'manual',
    })
    this.#keepCookies(response)
    const bytes = Buffer.from(await response.arrayBuffer())
    const text = bytes.toString('utf8')
    const body =
      text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
    const received = { status: response.status, body, headers: response.headers, bytes }
    return received as ReceivedResponse<Body>
  }

  #keepCookies(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim())) || value === ''
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

/** Use when a check cares only about the status a request answers. */
export async function statusOf(pending: Promise<{ status: number }>) {
  const response = await pending
  return response.status
}

/**
 * Use on a request the test relies on but does not check: it fails loudly, with the body, on any
 * other status.
 */
export function expectStatus<Response extends WebResponse>(response: Response, status: number) {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`)
  }
  return response
}

/**
 * The one place the web app talks HTTP to Hearth: JSON in and out, the session cookie
 * (sent by the browser, same origin), the CSRF token echoed on every change as
 * docs/api.md asks, and every refusal turned into an ApiError the UI can show.
 */

export type ApiErrorEntry = { code: string; message: string; field?: string }

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** A refused or failed request: the status and the server's errors, or ours for the network. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiErrorEntry[],
    readonly retryAfter: number | null = null
  ) {
    super(errors[0]?.message ?? 'Request failed')
  }

  /** The code of the first error, for decisions (`invalid_credentials`, `not_found`, …). */
  get code() {
    return this.errors[0]?.code ?? 'error'
  }

  /** Messages by input name, for showing next to the field at fault. */
  fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {}
    for (const entry of this.errors) {
      if (entry.field && !(entry.field in byField)) byField[entry.field] = describe(this, entry)
    }
    return byField
  }

  /** What to say above a form: the errors no field claims, as a sentence. */
  summary(fields: readonly string[] = []): string | null {
    const loose = this.errors.filter((entry) => !entry.field || !fields.includes(entry.field))
    if (loose.length === 0) return null
    return loose.map((entry) => describe(this, entry)).join(' ')
  }
}

/** Our words for the refusals a person can act on; anything else keeps the server's. */
function describe(error: ApiError, entry: ApiErrorEntry) {
  switch (entry.code) {
    case 'network_error':
      return 'Hearth cannot be reached. Check your connection and try again.'
    case 'rate_limited':
      return error.retryAfter
        ? `Too many attempts. Try again in ${waitFor(error.retryAfter)}.`
        : 'Too many attempts. Try again in a few minutes.'
    case 'internal_error':
      return 'Something went wrong on the server. Try again in a moment.'
    case 'invalid_invite':
      return 'This invite link is not valid. It may have been replaced: ask for a new one.'
    case 'invite_required':
      return 'Signing up needs an invite link from a team on this server.'
    default:
      return entry.message
  }
}

function waitFor(seconds: number) {
  if (seconds < 90) return `${seconds} seconds`
  return `${Math.ceil(seconds / 60)} minutes`
}

/**
 * A 401 on a signed-in request: main.ts already signs the person out and says why, so a
 * screen that was loading has nothing more to do.
 */
export function isSessionLoss(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401
}

type Listener = (error: ApiError) => void
const unauthenticatedListeners = new Set<Listener>()

/** Called when a signed-in request comes back 401: the session expired or the account ended. */
export function onUnauthenticated(listener: Listener) {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

function xsrfToken() {
  const cookie = document.cookie.split('; ').find((entry) => entry.startsWith('XSRF-TOKEN='))
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : null
}

type RequestOptions = {
  body?: unknown
  /** A 401 here is an answer (a wrong password), not a lost session. */
  anonymous?: boolean
}

/** GETs started as the page loads, before the screens that read them exist (`prefetch`). */
const early = new Map<string, Promise<Response>>()
/** What nobody took by then is dropped: a screen reading it later reads it afresh. */
const EARLY_MS = 10_000

/**
 * Starts GETs the first screen is known to need, side by side, instead of one after another
 * as the screens that read them appear; `request` then takes the answer (once).
 */
export function prefetch(paths: string[]) {
  for (const path of paths) {
    const started = send('GET', path)
    started.catch(() => undefined)
    early.set(path, started)
  }
  setTimeout(() => early.clear(), EARLY_MS)
}

function takeEarly(method: Method, path: string) {
  const started = method === 'GET' ? early.get(path) : undefined
  if (started) early.delete(path)
  return started
}

/** One API call; resolves with the parsed body (undefined for 204), rejects with ApiError. */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}) {
  const response = await (takeEarly(method, path) ?? send(method, path, options.body))
  if (
    response.status === 403 &&
    method !== 'GET' &&
    errorCode(await response.clone().text()) === 'csrf_invalid'
  ) {
    // The token went stale (a new session rotates it): fetch a fresh one and try once more.
    await send('GET', '/api/v1/auth/csrf')
    return read<T>(await send(method, path, options.body), options)
  }
  return read<T>(response, options)
}

/**
 * The CSRF header a change carries (docs/api.md), reading a token first when the browser
 * has none; `fresh` reads a new one after a refusal for a stale token.
 */
export async function csrfHeaders(fresh = false): Promise<Record<string, string>> {
  if (fresh || !xsrfToken()) await send('GET', '/api/v1/auth/csrf')
  return { 'x-xsrf-token': xsrfToken() ?? '' }
}

/** The code of the first error in a JSON error body, if it is one. */
export function errorCode(text: string): string | undefined {
  try {
    return JSON.parse(text)?.errors?.[0]?.code
  } catch {
    return undefined
  }
}

/**
 * A refusal as an ApiError, from the status and the body's text; a 401 on a signed-in
 * request tells the listeners the session is gone.
 */
export function refusal(
  status: number,
  text: string,
  retryAfter: number | null,
  anonymous = false
) {
  let body: any = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  const errors: ApiErrorEntry[] = Array.isArray(body?.errors)
    ? body.errors
    : [{ code: 'error', message: `The server answered ${status}` }]
  const error = new ApiError(status, errors, retryAfter)
  // Signed out: what was read ahead for a session is of no use to the next one.
  if (status === 401) early.clear()
  if (status === 401 && !anonymous) unauthenticatedListeners.forEach((listener) => listener(error))
  return error
}

async function send(method: Method, path: string, body?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (method !== 'GET') Object.assign(headers, await csrfHeaders())
  if (body !== undefined) headers['content-type'] = 'application/json'
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, [{ code: 'network_error', message: 'Network error' }])
  }
}

async function read<T>(response: Response, options: RequestOptions): Promise<T> {
  if (response.status === 204) return undefined as T
  const text = await response.text()
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after')) || null
    throw refusal(response.status, text, retryAfter, options.anonymous)
  }
  try {
    return (text ? JSON.parse(text) : null) as T
  } catch {
    return null as T
  }
}

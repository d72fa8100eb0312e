import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'

type ErrorEntry = { code: string; message: string; field?: string }

type FrameworkError = {
  status?: number
  code?: string
  message?: string
  field?: string
  messages?: Array<{ field: string; message: string; rule: string }>
  getDefaultHeaders?: () => Record<string, string | number>
  headers?: Record<string, string | number>
}

/**
 * Framework error codes mapped to the stable codes of our API. Anything not
 * listed keeps its status and gets a code derived from it.
 */
const KNOWN: Record<string, { status: number; code: string; message?: string }> = {
  E_UNAUTHORIZED_ACCESS: {
    status: 401,
    code: 'unauthenticated',
    message: 'Authentication required',
  },
  E_INVALID_CREDENTIALS: {
    status: 401,
    code: 'invalid_credentials',
    message: 'Invalid login or password',
  },
  E_AUTHORIZATION_FAILURE: { status: 403, code: 'forbidden' },
  E_ROW_NOT_FOUND: { status: 404, code: 'not_found', message: 'Not found' },
  E_ROUTE_NOT_FOUND: { status: 404, code: 'route_not_found', message: 'No such route' },
  E_BAD_CSRF_TOKEN: { status: 403, code: 'csrf_invalid', message: 'Missing or invalid CSRF token' },
  E_TOO_MANY_REQUESTS: { status: 429, code: 'rate_limited' },
  E_REQUEST_ENTITY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'Request body too large',
  },
  E_HTTP_REQUEST_ABORTED: { status: 400, code: 'request_aborted' },
}

const GENERIC_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
  429: 'rate_limited',
}

/**
 * Every error leaves the server as `{ errors: [{ code, message, field? }] }`
 * with the right status. Server faults are logged and answered with a
 * generic message, never a stack trace.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  async handle(error: unknown, ctx: HttpContext) {
    const { status, errors, headers } = this.#describe(error as FrameworkError)
    for (const [name, value] of Object.entries(headers)) ctx.response.header(name, value)
    return ctx.response.status(status).send({ errors })
  }

  async report(error: unknown, ctx: HttpContext) {
    const status = (error as FrameworkError)?.status ?? 500
    if (status >= 500) ctx.logger.error({ err: error }, 'request failed')
    else if (app.inDev) ctx.logger.debug({ err: error }, 'request refused')
  }

  #describe(error: FrameworkError): {
    status: number
    errors: ErrorEntry[]
    headers: Record<string, string | number>
  } {
    const known = error?.code ? KNOWN[error.code] : undefined
    const status = known?.status ?? error?.status ?? 500
    const headers = error?.getDefaultHeaders?.() ?? error?.headers ?? {}

    if (Array.isArray(error?.messages) && status === 422) {
      const errors = error.messages.map((entry) => ({
        code: entry.rule,
        message: entry.message,
        field: entry.field,
      }))
      return { status, errors, headers }
    }

    // A 503 with a code of ours (a busy resource) says so; every other fault stays generic.
    if (status >= 500 && !(status === 503 && isOwnCode(error?.code))) {
      return {
        status,
        errors: [{ code: 'internal_error', message: 'Internal server error' }],
        headers,
      }
    }

    if (error instanceof SyntaxError && status === 400) {
      return {
        status: 400,
        errors: [{ code: 'invalid_json', message: 'Malformed JSON body' }],
        headers,
      }
    }

    const entry: ErrorEntry = {
      code:
        known?.code ?? (isOwnCode(error?.code) ? error.code! : (GENERIC_CODES[status] ?? 'error')),
      message: known?.message ?? error?.message ?? 'Request failed',
    }
    if (error?.field) entry.field = error.field
    return { status, errors: [entry], headers }
  }
}

/** Our own codes are snake_case; the framework's are E_UPPER_CASE. */
function isOwnCode(code: string | undefined) {
  return code !== undefined && /^[a-z][a-z0-9_]*$/.test(code)
}

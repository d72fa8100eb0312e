import { Exception } from '@adonisjs/core/exceptions'

/**
 * An error a client can act on: its status, a stable machine-readable code,
 * a sentence for people and, for input errors, the field at fault. The
 * exception handler renders it as `{ errors: [{ code, message, field? }] }`.
 */
export default class ApiError extends Exception {
  declare field?: string

  constructor(status: number, code: string, message: string, field?: string) {
    super(message, { status, code })
    this.field = field
  }

  static notFound(what: string) {
    return new ApiError(404, 'not_found', `${what} not found`)
  }

  static forbidden(message: string, code = 'forbidden') {
    return new ApiError(403, code, message)
  }

  static conflict(code: string, message: string) {
    return new ApiError(409, code, message)
  }

  static invalid(field: string, code: string, message: string) {
    return new ApiError(422, code, message, field)
  }
}

/**
 * A change the board document refuses: a value of the wrong shape, an unknown field or option,
 * a card that is not there. `field` names the input at fault (`title`, `values.<fieldId>`,
 * `column`, `afterId`…) and `code` says why. The server answers `not_found` with 404 and every
 * other code with 422; the web app shows `message` next to `field`.
 */
export class BoardDocumentError extends Error {
  readonly code: string
  readonly field: string

  constructor(field: string, code: string, message: string) {
    super(message)
    this.name = 'BoardDocumentError'
    this.field = field
    this.code = code
  }

  static notFound(field: string, what: string) {
    return new BoardDocumentError(field, 'not_found', `${what} not found`)
  }
}

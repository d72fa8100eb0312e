import type { Assert } from '@japa/assert'
import type { WebResponse } from '#tests/helpers/web_client'

export type ExpectedError = { code: string; message?: string; field?: string }

/** Asserts a refusal: its status and the one `{ code, message, field? }` it carries. */
export function assertError(
  assert: Assert,
  response: WebResponse,
  status: number,
  error: ExpectedError
) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.lengthOf(response.body.errors, 1)
  const [entry] = response.body.errors
  assert.sameMembers(
    Object.keys(entry),
    error.field ? ['code', 'message', 'field'] : ['code', 'message']
  )
  assert.equal(entry.code, error.code)
  assert.isNotEmpty(entry.message)
  if (error.message) assert.equal(entry.message, error.message)
  if (error.field) assert.equal(entry.field, error.field)
}

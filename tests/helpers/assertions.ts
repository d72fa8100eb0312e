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

/** The refusal of a signed-in caller who may not do this to something they can see. */
export const FORBIDDEN: ExpectedError = { code: 'forbidden', message: 'Access denied' }

/** The refusal of a request that nobody signed in sent. */
export const UNAUTHENTICATED: ExpectedError = {
  code: 'unauthenticated',
  message: 'Authentication required',
}

/** The 404 for a team the caller may not see or that does not exist. */
export const TEAM_NOT_FOUND: ExpectedError = { code: 'not_found', message: 'Team not found' }

/** The 404 for a member (of a team or channel) that is not there. */
export const MEMBER_NOT_FOUND: ExpectedError = { code: 'not_found', message: 'Member not found' }

/** The 404 for a channel the caller may not see or that does not exist. */
export const CHANNEL_NOT_FOUND: ExpectedError = { code: 'not_found', message: 'Channel not found' }

/** The 404 for a post the caller may not see or that does not exist. */
export const POST_NOT_FOUND: ExpectedError = { code: 'not_found', message: 'Post not found' }

/** The 404 for an event stream the caller may not follow or that does not exist. */
export const STREAM_NOT_FOUND: ExpectedError = { code: 'not_found', message: 'Stream not found' }

/** The refusal of a change to a post that was deleted. */
export const POST_DELETED: ExpectedError = {
  code: 'post_deleted',
  message: 'This post was deleted',
}

/** The refusal of a change in an archived, read-only channel. */
export const ARCHIVED: ExpectedError = {
  code: 'channel_archived',
  message: 'This channel is archived and read-only',
}

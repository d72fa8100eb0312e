import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, Writable, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { HttpRequest } from '@adonisjs/core/http'
import ApiError from '#app/exceptions/api_error'

/** How large a received file may be, and where it is written while it arrives. */
export type UploadLimits = { maxBytes: number; directory: string }

/** A file received in full: a temporary file the receiver's caller must remove. */
export type ReceivedFile = { path: string; clientName: string; size: number }

/** What a use case calls to receive its upload, once it has decided to accept one. */
export type ReceiveFile = (limits: UploadLimits) => Promise<ReceivedFile>

/** Room for the multipart framing around a file when judging a Content-Length. */
const FRAMING_BYTES = 1024 * 1024

/**
 * The 413 of a file over the limit. The rest of the request is read and
 * dropped rather than the connection cut, so that clients still sending
 * (fetch, curl) receive this answer instead of a broken pipe.
 */
export function fileTooLarge(maxBytes: number) {
  const limit = Math.round((maxBytes / (1024 * 1024)) * 100) / 100
  return new ApiError(413, 'file_too_large', `Files are limited to ${limit} MB`)
}

/**
 * Streams the one multipart part named `field` of a request (multipart is
 * never processed automatically) into a temporary file, counting bytes.
 * Past `maxBytes` the request is refused with 413 `file_too_large` and the
 * partial file removed before the answer; other parts are read and dropped.
 */
export async function receiveFile(
  request: HttpRequest,
  field: string,
  limits: UploadLimits
): Promise<ReceivedFile> {
  const multipart = request.multipart
  if (!multipart || !request.is(['multipart/form-data'])) {
    throw new ApiError(415, 'unsupported_media_type', `Send a multipart/form-data part "${field}"`)
  }
  if (Number(request.header('content-length')) > limits.maxBytes + FRAMING_BYTES) {
    throw fileTooLarge(limits.maxBytes)
  }
  await mkdir(limits.directory, { recursive: true })

  const budget = { used: 0, max: limits.maxBytes }
  let claimed = false
  let received: ReceivedFile | undefined
  let failure: unknown
  const handlers: Promise<void>[] = []
  multipart.onFile('*', { deferValidations: true }, (part) => {
    const keep = part.name === field && !claimed
    if (keep) claimed = true
    const path = keep ? join(limits.directory, randomUUID()) : null
    const handler = savePart(part, path, budget).then(
      (size) => {
        if (path) received = { path, clientName: part.filename, size }
      },
      (error) => {
        failure ??= error
        multipart.abort(error)
        throw error
      }
    )
    handlers.push(handler.catch(() => {}))
    return handler
  })

  // A part's failure may reach us as process() rejecting or, when the form
  // had already finished, not at all: `failure` is the one source of truth.
  await multipart.process().catch((error) => {
    failure ??= error
  })
  await Promise.all(handlers)
  if (failure) {
    if (received) await rm(received.path, { force: true })
    if (request.request.readableAborted) {
      throw new ApiError(400, 'request_aborted', 'The upload was interrupted')
    }
    throw failure
  }
  if (!received) {
    throw ApiError.invalid(field, 'required', `Send the file in a part named "${field}"`)
  }
  return received
}

/**
 * Writes one part to `path` (or drops it), counting its bytes against the
 * request's budget; over budget, or on any error, nothing stays at `path`.
 * Answers the part's size.
 */
async function savePart(
  part: Readable,
  path: string | null,
  budget: { used: number; max: number }
) {
  let size = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      budget.used += chunk.length
      done(budget.used > budget.max ? fileTooLarge(budget.max) : null, chunk)
    },
  })
  try {
    await pipeline(part, counter, path ? createWriteStream(path) : discard())
  } catch (error) {
    if (path) await rm(path, { force: true })
    throw error
  }
  return size
}

function discard() {
  return new Writable({ write: (_chunk, _encoding, done) => done() })
}

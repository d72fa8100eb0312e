import { ApiError, csrfHeaders, errorCode, refusal } from './http'
import type { FileInfo } from './types'

/** An upload under way: its answer, and a way to stop it. */
export type Upload = { done: Promise<FileInfo>; abort: () => void }

/** What an upload stopped by `abort` rejects with. */
export const ABORTED = 'aborted'

/** Where a file's bytes are read: inline, as an attachment, or its webp renditions. */
export const fileUrl = {
  inline: (file: FileInfo) => `/api/v1/files/${file.id}`,
  download: (file: FileInfo) => `/api/v1/files/${file.id}?download=1`,
  thumbnail: (file: FileInfo) => `/api/v1/files/${file.id}/thumbnail`,
  preview: (file: FileInfo) => `/api/v1/files/${file.id}/preview`,
}

/**
 * Uploads one file into a channel (`POST /channels/:id/files`, a part named `file`) with
 * the session's CSRF header, as http.ts sends every change. XMLHttpRequest rather than
 * fetch because only it reports upload progress (`onProgress` gets 0–1). Refusals are
 * ApiErrors with the server's errors (413 `file_too_large`, 422 `disguised_file`).
 */
export function uploadFile(
  channelId: string,
  file: File,
  onProgress: (fraction: number) => void
): Upload {
  let xhr: XMLHttpRequest | null = null
  let aborted = false
  const cancelled = () => new ApiError(0, [{ code: ABORTED, message: 'The upload was cancelled' }])

  const attempt = (headers: Record<string, string>) =>
    new Promise<{ status: number; text: string; retryAfter: number | null }>((resolve, reject) => {
      if (aborted) return reject(cancelled())
      const request = new XMLHttpRequest()
      xhr = request
      request.open('POST', `/api/v1/channels/${channelId}/files`)
      request.withCredentials = true
      request.setRequestHeader('accept', 'application/json')
      for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value)
      request.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
      }
      request.onload = () =>
        resolve({
          status: request.status,
          text: request.responseText,
          retryAfter: Number(request.getResponseHeader('retry-after')) || null,
        })
      request.onerror = () =>
        reject(new ApiError(0, [{ code: 'network_error', message: 'Network error' }]))
      request.onabort = () => reject(cancelled())
      const body = new FormData()
      body.append('file', file, file.name)
      request.send(body)
    })

  const done = (async () => {
    let answer = await attempt(await csrfHeaders())
    if (answer.status === 403 && errorCode(answer.text) === 'csrf_invalid') {
      // The token went stale (a new session rotates it): read a fresh one and try once more.
      answer = await attempt(await csrfHeaders(true))
    }
    if (answer.status !== 201) throw refusal(answer.status, answer.text, answer.retryAfter)
    onProgress(1)
    return JSON.parse(answer.text) as FileInfo
  })()

  return {
    done,
    abort: () => {
      aborted = true
      xhr?.abort()
    },
  }
}

import { computed, onScopeDispose, ref, watch, type Ref } from 'vue'
import { ABORTED, uploadFile, type Upload } from '@/api/files'
import { ApiError } from '@/api/http'
import type { FileInfo } from '@/api/types'
import { MAX_FILES, showsLocally } from '@/components/chat/fileDisplay'

/** A file picked for the next message, from the moment it is picked until it is sent. */
export type Attachment = {
  key: string
  name: string
  size: number
  /** An object URL of the local file, for images the browser shows; revoked on removal. */
  localUrl: string | null
  state: 'uploading' | 'done' | 'failed'
  /** 0–1 while uploading. */
  progress: number
  error: string | null
  /** Worth trying again: the connection failed, or the server did. */
  retriable: boolean
  /** The server's record once uploaded. */
  info: FileInfo | null
}

let made = 0

/**
 * The files attached in one composer: each uploads into the channel as soon as it is
 * picked (progress, abort on removal, the server's refusal), and the message takes the
 * uploaded ones when it is sent. Uploads need the connection; a channel switch drops them.
 */
export function useUploads(channelId: Ref<string>) {
  const items = ref<Attachment[]>([])
  /** Why files were left out (more than a message carries), or the message was not sent. */
  const notice = ref<string | null>(null)
  const files = new Map<string, File>()
  const uploads = new Map<string, Upload>()
  let settleWaiters: Array<() => void> = []

  const uploading = computed(() => items.value.some((item) => item.state === 'uploading'))
  const failed = computed(() => items.value.some((item) => item.state === 'failed'))

  function find(key: string) {
    return items.value.find((item) => item.key === key)
  }

  function start(key: string) {
    const file = files.get(key)
    const item = find(key)
    if (!file || !item) return
    Object.assign(item, { state: 'uploading', progress: 0, error: null, retriable: false })
    const upload = uploadFile(channelId.value, file, (fraction) => {
      const current = find(key)
      if (current) current.progress = fraction
    })
    uploads.set(key, upload)
    upload.done
      .then((info) => {
        const current = find(key)
        if (current) Object.assign(current, { state: 'done', progress: 1, info })
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) throw error
        const current = find(key)
        if (!current || error.code === ABORTED) return
        const offline = error.status === 0
        Object.assign(current, {
          state: 'failed',
          retriable: offline || error.status >= 500,
          error: offline
            ? 'Not uploaded: uploading needs the connection to Hearth.'
            : (error.summary() ?? 'The server refused this file.'),
        })
      })
      .finally(() => {
        uploads.delete(key)
        if (!uploading.value) settleWaiters.splice(0).forEach((resolve) => resolve())
      })
  }

  /** Attaches picked, dropped or pasted files, up to the ten a message carries. */
  function add(picked: Iterable<File>) {
    const list = [...picked]
    const room = MAX_FILES - items.value.length
    notice.value =
      list.length > room
        ? `A message carries at most ${MAX_FILES} files: ${list.length - Math.max(room, 0)} left out.`
        : null
    for (const file of list.slice(0, Math.max(room, 0))) {
      made += 1
      const key = `upload-${made}`
      files.set(key, file)
      items.value.push({
        key,
        name: file.name || 'file',
        size: file.size,
        localUrl: showsLocally(file.type) ? URL.createObjectURL(file) : null,
        state: 'uploading',
        progress: 0,
        error: null,
        retriable: false,
        info: null,
      })
      start(key)
    }
  }

  /** Takes a file off the message, stopping its upload if it is still under way. */
  function remove(key: string) {
    const item = find(key)
    uploads.get(key)?.abort()
    if (item?.localUrl) URL.revokeObjectURL(item.localUrl)
    files.delete(key)
    items.value = items.value.filter((entry) => entry.key !== key)
    notice.value = null
  }

  function clear() {
    for (const item of [...items.value]) remove(item.key)
  }

  /** Resolves once no upload is under way (at once when none is). */
  function settled() {
    if (!uploading.value) return Promise.resolve()
    return new Promise<void>((resolve) => settleWaiters.push(resolve))
  }

  /**
   * What the message being sent carries: the uploaded files, once the uploads under way end,
   * taken off the composer. Null while a file failed, so nothing is sent without it.
   */
  async function take(): Promise<FileInfo[] | null> {
    await settled()
    if (failed.value) {
      notice.value = 'Not sent: remove the files that did not upload, or try them again.'
      return null
    }
    const taken = items.value.flatMap((item) => (item.info ? [item.info] : []))
    clear()
    return taken
  }

  watch(channelId, clear)
  onScopeDispose(() => {
    clear()
    settleWaiters = []
  })

  /** Uploads a file that failed once more. */
  function retry(key: string) {
    notice.value = null
    start(key)
  }

  return { items, notice, uploading, failed, add, remove, retry, take }
}

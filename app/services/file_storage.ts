import { randomUUID } from 'node:crypto'
import { mkdir, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import drive from '@adonisjs/drive/services/main'
import { FSDriver } from '@adonisjs/drive/drivers/fs'
import config from '@adonisjs/core/services/config'
import ApiError from '#app/exceptions/api_error'
import { sanitizeFileName } from '#app/helpers/file_names'
import { RASTER_IMAGES, isDisguisedExecutable, sniffType } from '#app/helpers/file_types'
import { renderImage, type ImageLimits } from '#app/helpers/images'
import type { ReceivedFile } from '#app/helpers/uploads'

/** The original bytes of a file, or one of the webp variants made for images. */
export type Variant = 'original' | 'thumbnail' | 'preview'

/** What is known of a stored file once its bytes are on the disk. */
export type StoredBlob = {
  storageKey: string
  name: string
  mime: string
  size: number
  width: number | null
  height: number | null
  hasThumbnail: boolean
  hasPreview: boolean
}

/** A blob opened for reading, with what a response needs to describe it. */
export type OpenedBlob = { stream: Readable; size: number; name: string; mime: string }

/** Where a variant lives: next to the original, under the same generated key. */
export function variantKey(storageKey: string, variant: Variant) {
  return variant === 'original' ? storageKey : `${storageKey}.${variant}.webp`
}

/**
 * Files on the configured disk (local `DATA_DIR/files` or S3): storing an
 * upload under a generated key, reading it back, removing it. Knows nothing
 * of who may see a file; callers decide that first.
 */
export default class FileStorage {
  /**
   * Stores a received upload: a sanitised display name, the type sniffed
   * from the content (a disguised executable is refused with 422
   * `disguised_file`), for raster images their size, thumbnail and preview.
   * The temporary file is moved onto the disk; on any failure nothing stays.
   */
  async store(upload: ReceivedFile): Promise<StoredBlob> {
    const name = sanitizeFileName(upload.clientName)
    const mime = await sniffType(upload.path)
    if (isDisguisedExecutable(mime, name)) {
      throw ApiError.invalid('file', 'disguised_file', 'This file is a program under another name')
    }
    const limits = config.get<ImageLimits>('files.images')
    const image = RASTER_IMAGES.has(mime) ? await renderImage(upload.path, limits) : null
    const blob = {
      storageKey: newStorageKey(),
      name,
      mime,
      size: upload.size,
      width: image?.width ?? null,
      height: image?.height ?? null,
      hasThumbnail: Boolean(image?.thumbnail),
      hasPreview: Boolean(image?.preview),
    }
    const disk = drive.use()
    try {
      if (image?.thumbnail)
        await disk.put(variantKey(blob.storageKey, 'thumbnail'), image.thumbnail)
      if (image?.preview) await disk.put(variantKey(blob.storageKey, 'preview'), image.preview)
      await this.#moveIn(upload.path, blob.storageKey)
    } catch (error) {
      await this.remove(blob)
      throw error
    }
    return blob
  }

  /** Opens a blob; a missing one is a 404. */
  async open(storageKey: string, variant: Variant): Promise<Pick<OpenedBlob, 'stream' | 'size'>> {
    const disk = drive.use()
    const key = variantKey(storageKey, variant)
    const meta = await disk.getMetaData(key).catch(() => {
      throw ApiError.notFound('File')
    })
    return { stream: await disk.getStream(key), size: meta.contentLength }
  }

  /**
   * Moves a local file onto the disk: a rename when the disk is local and on
   * the same filesystem (no copy of a large upload), a streamed copy otherwise.
   */
  async #moveIn(path: string, storageKey: string) {
    const disk = drive.use()
    if (disk.driver instanceof FSDriver) {
      const root = disk.driver.options.location
      const target = join(typeof root === 'string' ? root : fileURLToPath(root), storageKey)
      await mkdir(dirname(target), { recursive: true })
      const renamed = await rename(path, target).then(
        () => true,
        (error) => {
          if (error.code === 'EXDEV') return false
          throw error
        }
      )
      if (renamed) return
    }
    await disk.moveFromFs(path, storageKey)
  }

  /** Removes a blob and its variants; already missing ones are fine. */
  async remove(blob: Pick<StoredBlob, 'storageKey' | 'hasThumbnail' | 'hasPreview'>) {
    const disk = drive.use()
    await disk.delete(blob.storageKey)
    if (blob.hasThumbnail) await disk.delete(variantKey(blob.storageKey, 'thumbnail'))
    if (blob.hasPreview) await disk.delete(variantKey(blob.storageKey, 'preview'))
  }
}

/** `<yyyy>/<mm>/<uuid>`: spread over folders by month, and never from user input. */
function newStorageKey() {
  const now = new Date()
  const month = String(now.getUTCMonth() + 1).padStart(2, '0')
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`
}

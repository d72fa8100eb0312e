import { join } from 'node:path'
import env from '#start/env'
import hearthConfig from '#config/hearth'

const MB = 1024 * 1024

/** How many files one post may carry. */
export const MAX_FILES_PER_POST = 10

/**
 * Uploaded files (where they are stored is config/drive.ts). Services read
 * these through `config.get('files.…')` at request time, so a value changed
 * at run time (a test lowering the size limit) applies to the next upload.
 */
const filesConfig = {
  /** The largest file accepted, in bytes: FILES_MAX_SIZE_MB, 100 MB by default. */
  maxBytes: env.get('FILES_MAX_SIZE_MB', 100) * MB,
  /** Where an upload is written while it arrives, before it reaches the disk. */
  tmpDir: join(hearthConfig.dataDir, 'tmp'),
  /** How many files one post may carry. */
  maxPerPost: MAX_FILES_PER_POST,
  images: {
    /** Larger images get no thumbnail (decoding bombs stop here). */
    maxPixels: 50_000_000,
    /** Bounding boxes of the webp variants. */
    thumbnail: 400,
    preview: 1920,
  },
}

export default filesConfig

import type { DateTime } from 'luxon'
import { iso, isoFromDb } from '#app/helpers/dates'
import type File from '#app/models/file'

/**
 * A file as the API needs it: a model (after an upload) or a record read by
 * a raw query (`fileFromRow`, for the files of a page of posts).
 */
export type FileLike = {
  id: string
  channelId: string
  postId: string | null
  name: string
  mime: string
  size: number
  width: number | null
  height: number | null
  hasThumbnail: boolean
  hasPreview: boolean
  createdAt: DateTime | string | null
}

/** The columns raw reads of files select. */
export const FILE_COLUMNS = [
  'id',
  'channel_id',
  'post_id',
  'name',
  'mime',
  'size',
  'width',
  'height',
  'has_thumbnail',
  'has_preview',
  'created_at',
].map((column) => `files.${column}`)

/** A raw `files` row as a FileLike. */
export function fileFromRow(row: Record<string, any>): FileLike {
  return {
    id: row.id,
    channelId: row.channel_id,
    postId: row.post_id,
    name: row.name,
    mime: row.mime,
    size: Number(row.size),
    width: row.width === null ? null : Number(row.width),
    height: row.height === null ? null : Number(row.height),
    hasThumbnail: Boolean(row.has_thumbnail),
    hasPreview: Boolean(row.has_preview),
    createdAt: isoFromDb(row.created_at),
  }
}

/** A file's description; its bytes are read from `GET /api/v1/files/:id`. */
export function transformFile(file: FileLike | File) {
  return {
    id: file.id,
    name: file.name,
    mime: file.mime,
    size: file.size,
    width: file.width,
    height: file.height,
    hasThumbnail: file.hasThumbnail,
    hasPreview: file.hasPreview,
    channelId: file.channelId,
    postId: file.postId,
    createdAt: typeof file.createdAt === 'string' ? file.createdAt : iso(file.createdAt),
  }
}

export type FileJson = ReturnType<typeof transformFile>

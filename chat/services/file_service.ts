import { rm } from 'node:fs/promises'
import { DateTime } from 'luxon'
import config from '@adonisjs/core/services/config'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ApiError from '#app/exceptions/api_error'
import { dbTimestamp } from '#app/helpers/dates'
import { isId } from '#app/helpers/ids'
import type { ReceiveFile } from '#app/helpers/uploads'
import File from '#app/models/file'
import type User from '#app/models/user'
import FileStorage, { type OpenedBlob, type Variant } from '#app/services/file_storage'
import { transformFile } from '#app/transformers/file_transformer'
import type Post from '#chat/models/post'
import { findVisibleChannel, type ChannelAccess } from '#chat/services/channel_access'
import { assertWritable } from '#chat/services/channel_service'

const notFound = () => ApiError.notFound('File')

/** Files uploaded but never attached are deleted after this long. */
export const UNATTACHED_HOURS = 24

/**
 * Files in channels: uploaded into a channel, attached to one post, read by
 * whoever can read that post, and gone with it.
 */
export default class FileService {
  #storage = new FileStorage()

  /**
   * Uploads a file into a channel the user may post in. Nothing is read
   * before the channel is known to be writable; the size limit is read per
   * request. The file stays private to its uploader until attached.
   */
  async upload(user: User, access: ChannelAccess, receive: ReceiveFile) {
    assertWritable(access.channel)
    const received = await receive({
      maxBytes: config.get<number>('files.maxBytes'),
      directory: config.get<string>('files.tmpDir'),
    })
    try {
      const blob = await this.#storage.store(received)
      const row = {
        ...blob,
        uploaderId: user.id,
        channelId: access.channel.id,
        postId: null,
        // Whole seconds, as SQLite and MySQL store it: the answer matches every later read.
        createdAt: DateTime.now().set({ millisecond: 0 }),
      }
      return await File.create(row).catch(async (error) => {
        await this.#storage.remove(blob)
        throw error
      })
    } finally {
      await rm(received.path, { force: true })
    }
  }

  /**
   * Attaches files to a post being created, inside its transaction. Each
   * must be the author's, uploaded into the post's channel, neither attached
   * nor deleted; otherwise 422 on `fileIds` and the post is not made.
   * Answers the files as JSON, in upload order.
   */
  async attach(trx: TransactionClientContract, post: Post, fileIds: string[] = []) {
    const ids = [...new Set(fileIds)]
    if (ids.length === 0) return []
    const attached = await trx
      .from('files')
      .whereIn('id', ids)
      .where({ uploader_id: post.userId, channel_id: post.channelId })
      .whereNull('post_id')
      .whereNull('deleted_at')
      .update({ post_id: post.id })
    if (Number(attached) !== ids.length) {
      const message = 'Attach only files you uploaded to this channel and have not attached yet'
      throw ApiError.invalid('fileIds', 'file_unavailable', message)
    }
    post.merge({ fileCount: ids.length })
    await post.useTransaction(trx).save()
    const files = await File.query({ client: trx }).whereIn('id', ids).orderBy('id')
    return files.map(transformFile)
  }

  /**
   * A file the user may read: its uploader alone until it is attached; then
   * whoever can see the post's channel, while the post stands. Anything else
   * is a 404, exactly like a file that does not exist.
   */
  async findReadable(user: User, fileId: string) {
    const file = isId(fileId)
      ? await File.query()
          .leftJoin('posts', 'posts.id', 'files.post_id')
          .where('files.id', fileId)
          .select('files.*', 'posts.deleted_at as post_deleted_at')
          .first()
      : null
    if (!file || file.deletedAt) throw notFound()
    if (file.postId === null) {
      if (file.uploaderId !== user.id) throw notFound()
      return file
    }
    if (file.$extras.post_deleted_at) throw notFound()
    await findVisibleChannel(user, file.channelId).catch(() => {
      throw notFound()
    })
    return file
  }

  /** Opens the bytes of a file the user may read, or of its thumbnail or preview. */
  async open(user: User, fileId: string, variant: Variant): Promise<OpenedBlob> {
    const file = await this.findReadable(user, fileId)
    if (variant === 'original') {
      const opened = await this.#storage.open(file.storageKey, variant)
      return { ...opened, name: file.name, mime: file.mime }
    }
    if (!(variant === 'thumbnail' ? file.hasThumbnail : file.hasPreview)) throw notFound()
    const opened = await this.#storage.open(file.storageKey, variant)
    return { ...opened, name: `${file.name.replace(/\.[^.]*$/, '')}.webp`, mime: 'image/webp' }
  }

  /**
   * Marks the files of a post being deleted as deleted, inside its
   * transaction, and removes their bytes once it has committed (a rollback
   * keeps them). A failed removal is logged; the rows already hide the file.
   */
  async deleteWithPost(trx: TransactionClientContract, post: Post) {
    if (!post.fileCount) return
    const files = await File.query({ client: trx })
      .where('post_id', post.id)
      .whereNull('deleted_at')
    if (files.length === 0) return
    await trx
      .from('files')
      .whereIn(
        'id',
        files.map((file) => file.id)
      )
      .update({ deleted_at: dbTimestamp(trx) })
    trx.after('commit', async () => {
      for (const file of files) {
        await this.#storage.remove(file).catch((error) => {
          logger.warn({ err: error, fileId: file.id }, 'could not remove the bytes of a file')
        })
      }
    })
  }

  /**
   * Deletes files uploaded but never attached to a post once they are
   * older than `hours`: their rows, then their bytes. At most `batch` a
   * call; answers how many went.
   */
  async sweepUnattached(hours = UNATTACHED_HOURS, batch = 500) {
    const cutoff = dbTimestamp(db.connection(), DateTime.now().minus({ hours }))
    const files = await File.query()
      .whereNull('post_id')
      .whereNull('deleted_at')
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(batch)
    if (files.length === 0) return 0
    // Only rows still unattached: a post may have taken one meanwhile.
    const ids = files.map((file) => file.id)
    await db.from('files').whereIn('id', ids).whereNull('post_id').delete()
    const remaining = await db.from('files').whereIn('id', ids).select('id')
    const kept = new Set(remaining.map((row) => row.id))
    for (const file of files.filter((candidate) => !kept.has(candidate.id))) {
      await this.#storage.remove(file).catch((error) => {
        logger.warn({ err: error, fileId: file.id }, 'could not remove the bytes of a file')
      })
    }
    return files.length - kept.size
  }
}

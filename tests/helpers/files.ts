import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import config from '@adonisjs/core/services/config'
import db from '@adonisjs/lucid/services/db'
import type { Group } from '@japa/runner/core'
import hearthConfig from '#config/hearth'
import FileStorage, { variantKey, type Variant } from '#app/services/file_storage'
import type { FileJson } from '#app/transformers/file_transformer'
import { expectStatus, type WebClient } from '#tests/helpers/web_client'
import type { Cleanup } from '#tests/helpers/realtime'

/**
 * Use in a group of file tests, after `isolate`: when each test ends, the bytes of every file it
 * stored are removed from the disk, just before its rows go with the rolled-back transaction.
 */
export function removeStoredBytes(group: Group) {
  group.each.setup(() => async () => {
    const rows = await db.from('files').select('storage_key')
    for (const row of rows) {
      await new FileStorage().remove({
        storageKey: row.storage_key,
        hasThumbnail: true,
        hasPreview: true,
      })
    }
  })
}

/** Use to upload bytes the way a browser form does: one multipart part (named `file`). */
export function upload(
  client: WebClient,
  channelId: string,
  bytes: Uint8Array | string,
  name: string,
  options: { type?: string; field?: string } = {}
) {
  const form = new FormData()
  const blob = new Blob([bytes], { type: options.type ?? 'application/octet-stream' })
  form.append(options.field ?? 'file', blob, name)
  return client.request('POST', `/api/v1/channels/${channelId}/files`, { form })
}

/** Use for a file the test needs uploaded (201): its JSON. */
export async function uploaded(
  client: WebClient,
  channelId: string,
  bytes: Uint8Array | string,
  name: string,
  type?: string
) {
  return expectStatus(await upload(client, channelId, bytes, name, { type }), 201).body as FileJson
}

/** Use to post a message carrying files; answers the post's JSON. */
export async function postWithFiles(
  client: WebClient,
  channelId: string,
  fileIds: string[],
  message = ''
) {
  const response = await client.post(`/api/v1/channels/${channelId}/posts`, { message, fileIds })
  return expectStatus(response, 201).body
}

/** Use to check where a stored file's bytes (or a variant's) sit on the local disk. */
export function diskPath(storageKey: string, variant: Variant = 'original') {
  return join(hearthConfig.dataDir, 'files', variantKey(storageKey, variant))
}

/** Use to check that a file's bytes and both variants are on the disk (or all gone). */
export function storedVariants(storageKey: string) {
  return (['original', 'thumbnail', 'preview'] as const).filter((variant) =>
    existsSync(diskPath(storageKey, variant))
  )
}

/** Use to read the generated storage key of a file row. */
export async function storageKeyOf(fileId: string) {
  const row = await db.from('files').where('id', fileId).select('storage_key').firstOrFail()
  return row.storage_key as string
}

/** Use to see what an upload left behind: the entries of the temporary upload folder. */
export async function temporaryFiles() {
  return readdir(config.get<string>('files.tmpDir')).catch(() => [] as string[])
}

/** Use to see every blob on the files disk (paths relative to it). */
export async function blobsOnDisk() {
  const root = join(hearthConfig.dataDir, 'files')
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort()
}

/** Use to lower the upload size limit for one test; it is restored when the test ends. */
export function limitUploadsTo(maxBytes: number, cleanup: Cleanup) {
  const before = config.get<number>('files.maxBytes')
  config.set('files.maxBytes', maxBytes)
  cleanup(() => config.set('files.maxBytes', before))
}

/** Use for a real PNG of the given size. */
export function png(width: number, height: number) {
  const background = { r: 40, g: 120, b: 200 }
  return sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer()
}

/** Use for bytes that have no magic number and are not text. */
export function randomBinary(size: number) {
  const bytes = randomBytes(size)
  bytes[0] = 0
  return bytes
}

/** Use for the first bytes of a 64-bit Linux executable: an ELF header, then zeros. */
export function elfExecutable() {
  const bytes = Buffer.alloc(512)
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(bytes, 0)
  bytes.writeUInt16LE(2, 16) // e_type: executable
  bytes.writeUInt16LE(0x3e, 18) // e_machine: x86-64
  bytes.writeUInt32LE(1, 20) // e_version
  return bytes
}

/** Use for the first bytes of a Windows executable: an MZ stub pointing at a PE header. */
export function windowsExecutable() {
  const bytes = Buffer.alloc(512)
  bytes.write('MZ', 0, 'latin1')
  bytes.writeUInt32LE(0x80, 0x3c) // e_lfanew
  bytes.write('PE\0\0', 0x80, 'latin1')
  bytes.writeUInt16LE(0x8664, 0x84) // machine: x86-64
  return bytes
}

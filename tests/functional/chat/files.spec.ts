import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { test } from '@japa/runner'
import sharp from 'sharp'
import db from '@adonisjs/lucid/services/db'
import hearthConfig from '#config/hearth'
import File from '#app/models/file'
import PostReader from '#chat/services/post_reader'
import FileService from '#chat/services/file_service'
import { dbTimestamp } from '#app/helpers/dates'
import { DateTime } from 'luxon'
import { WebClient, expectStatus, statusOf } from '#tests/helpers/web_client'
import {
  ARCHIVED,
  CHANNEL_NOT_FOUND,
  FORBIDDEN,
  UNAUTHENTICATED,
  assertError,
} from '#tests/helpers/assertions'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import { createChannel, send, teamCast } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { listen } from '#tests/helpers/realtime'
import {
  blobsOnDisk,
  diskPath,
  elfExecutable,
  limitUploadsTo,
  png,
  postWithFiles,
  randomBinary,
  removeStoredBytes,
  storageKeyOf,
  storedVariants,
  temporaryFiles,
  upload,
  uploaded,
  windowsExecutable,
} from '#tests/helpers/files'

const FILE_NOT_FOUND = { code: 'not_found', message: 'File not found' }
const DISGUISED = { code: 'disguised_file', field: 'file' }
const UNAVAILABLE = {
  code: 'file_unavailable',
  message: 'Attach only files you uploaded to this channel and have not attached yet',
  field: 'fileIds',
}
const SANDBOX = "default-src 'none'; sandbox"
const STORAGE_KEY = /^\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The four ways to read a file; each must answer the same to someone who may not. */
const READS = ['', '/info', '/thumbnail', '/preview']

test.group('Files: uploading', (group) => {
  isolate(group)
  removeStoredBytes(group)

  test('an image gets its size, and a webp thumbnail and preview of the right size', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const image = await png(2400, 1200)

    const response = await upload(client, townSquare.id, image, 'wide.png', { type: 'image/png' })

    assert.equal(response.status, 201, JSON.stringify(response.body))
    const file = response.body
    assert.sameMembers(Object.keys(file), [
      'id',
      'name',
      'mime',
      'size',
      'width',
      'height',
      'hasThumbnail',
      'hasPreview',
      'channelId',
      'postId',
      'createdAt',
    ])
    assert.include(file, {
      name: 'wide.png',
      mime: 'image/png',
      size: image.length,
      width: 2400,
      height: 1200,
      hasThumbnail: true,
      hasPreview: true,
      channelId: townSquare.id,
      postId: null,
    })
    const storageKey = await storageKeyOf(file.id)
    assert.match(storageKey, STORAGE_KEY)
    assert.sameMembers(storedVariants(storageKey), ['original', 'thumbnail', 'preview'])

    const thumbnail = await client.get(`/api/v1/files/${file.id}/thumbnail`)
    assert.equal(thumbnail.status, 200)
    assert.equal(thumbnail.headers.get('content-type'), 'image/webp')
    assert.equal(thumbnail.bytes.subarray(0, 4).toString('latin1'), 'RIFF')
    assert.equal(thumbnail.bytes.subarray(8, 12).toString('latin1'), 'WEBP')
    const thumbnailMeta = await sharp(thumbnail.bytes).metadata()
    assert.deepInclude(thumbnailMeta, { format: 'webp', width: 400, height: 200 })
    assert.equal(Number(thumbnail.headers.get('content-length')), thumbnail.bytes.length)

    const preview = await client.get(`/api/v1/files/${file.id}/preview`)
    assert.equal(preview.status, 200)
    const previewMeta = await sharp(preview.bytes).metadata()
    assert.deepInclude(previewMeta, { format: 'webp', width: 1920, height: 960 })
  })

  test('the type comes from the content: text declared as image/png is text/plain', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)

    const file = await uploaded(
      client,
      townSquare.id,
      'just some notes\nnaïve café\n',
      'notes.png',
      'image/png'
    )

    assert.include(file, {
      name: 'notes.png',
      mime: 'text/plain',
      width: null,
      height: null,
      hasThumbnail: false,
      hasPreview: false,
    })
    const download = await client.get(`/api/v1/files/${file.id}`)
    assert.equal(download.status, 200)
    assert.equal(download.headers.get('content-type'), 'text/plain; charset=utf-8')
    assert.match(download.headers.get('content-disposition')!, /^attachment;/)
    assertError(assert, await client.get(`/api/v1/files/${file.id}/thumbnail`), 404, FILE_NOT_FOUND)

    const binary = await uploaded(
      client,
      townSquare.id,
      randomBinary(4096),
      'data.txt',
      'text/plain'
    )
    assert.equal(binary.mime, 'application/octet-stream')
  })

  test('an executable named like an image is refused as disguised and nothing is stored', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const blobsBefore = await blobsOnDisk()
    const temporaryBefore = await temporaryFiles()

    for (const bytes of [elfExecutable(), windowsExecutable()]) {
      const response = await upload(client, townSquare.id, bytes, 'photo.png', {
        type: 'image/png',
      })
      assertError(assert, response, 422, DISGUISED)
    }

    assert.equal(await count('files'), 0)
    assert.deepEqual(await blobsOnDisk(), blobsBefore)
    assert.deepEqual(await temporaryFiles(), temporaryBefore)
  })

  test('an executable under its own name is accepted and only ever served as a download', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)

    const exe = await uploaded(client, townSquare.id, windowsExecutable(), 'setup.exe')
    const elf = await uploaded(client, townSquare.id, elfExecutable(), 'hearth-cli')

    assert.equal(exe.mime, 'application/x-msdownload')
    assert.equal(elf.mime, 'application/x-elf')
    const download = await client.get(`/api/v1/files/${exe.id}`)
    assert.equal(download.headers.get('content-type'), 'application/octet-stream')
    assert.match(download.headers.get('content-disposition')!, /^attachment;/)
  })

  test('an upload over the size limit answers 413 and leaves no row, blob or temporary file', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    limitUploadsTo(64 * 1024, cleanup)
    const blobsBefore = await blobsOnDisk()
    const temporaryBefore = await temporaryFiles()

    const streamed = await upload(client, townSquare.id, randomBinary(200 * 1024), 'big.bin')
    const declared = await upload(client, townSquare.id, randomBinary(2 * 1024 * 1024), 'huge.bin')

    for (const response of [streamed, declared]) {
      assertError(assert, response, 413, {
        code: 'file_too_large',
        message: 'Files are limited to 0.06 MB',
      })
    }
    assert.equal(await count('files'), 0)
    assert.deepEqual(await blobsOnDisk(), blobsBefore)
    assert.deepEqual(await temporaryFiles(), temporaryBefore)

    const exactly = await uploaded(client, townSquare.id, randomBinary(64 * 1024), 'fits.bin')
    assert.equal(exactly.size, 64 * 1024)
  })

  test('a path-traversal name is shown as its base name and stored under a generated key', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const filesRoot = resolve(hearthConfig.dataDir, 'files')
    const escaped = resolve(filesRoot, '../../etc/passwd')

    const file = await uploaded(client, townSquare.id, 'root:x:0:0\n', '../../etc/passwd')

    assert.equal(file.name, 'passwd')
    const storageKey = await storageKeyOf(file.id)
    assert.match(storageKey, STORAGE_KEY)
    assert.isTrue(diskPath(storageKey).startsWith(`${filesRoot}/`))
    assert.isTrue(existsSync(diskPath(storageKey)))
    assert.isFalse(existsSync(escaped))
    const download = await client.get(`/api/v1/files/${file.id}`)
    assert.equal(download.body, 'root:x:0:0\n')
    assert.include(download.headers.get('content-disposition')!, 'filename="passwd"')
  })

  test('an SVG is never inline: it is an octet-stream attachment without thumbnail', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const svg =
      '<?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg [<!ENTITY a "b">]>\n' +
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' +
      '<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'

    const file = await uploaded(client, townSquare.id, svg, 'logo.svg', 'image/svg+xml')

    assert.include(file, { mime: 'image/svg+xml', hasThumbnail: false, hasPreview: false })
    for (const path of [`/api/v1/files/${file.id}`, `/api/v1/files/${file.id}?download=0`]) {
      const download = await client.get(path)
      assert.equal(download.status, 200)
      assert.equal(download.headers.get('content-type'), 'application/octet-stream')
      assert.match(download.headers.get('content-disposition')!, /^attachment; filename="logo.svg"/)
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff')
      assert.equal(download.headers.get('content-security-policy'), SANDBOX)
      assert.equal(download.body, svg)
    }
    assertError(assert, await client.get(`/api/v1/files/${file.id}/thumbnail`), 404, FILE_NOT_FOUND)
  })

  test('an HTML file is never served as HTML', async ({ assert }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const html = '<!doctype html><html><body><script>alert(1)</script></body></html>'

    const file = await uploaded(client, townSquare.id, html, 'page.html', 'text/html')
    const download = await client.get(`/api/v1/files/${file.id}`)

    assert.equal(file.mime, 'text/plain')
    assert.notInclude(download.headers.get('content-type')!, 'html')
    assert.match(download.headers.get('content-disposition')!, /^attachment;/)
    assert.equal(download.headers.get('content-security-policy'), SANDBOX)
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff')
  })

  test('a raster image is inline with its type unless ?download=1, under its UTF-8 name', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const image = await png(20, 10)

    const file = await uploaded(client, townSquare.id, image, 'café "menu".png')
    const inline = await client.get(`/api/v1/files/${file.id}`)
    const attachment = await client.get(`/api/v1/files/${file.id}?download=1`)

    assert.equal(inline.status, 200)
    assert.equal(inline.headers.get('content-type'), 'image/png')
    assert.equal(
      inline.headers.get('content-disposition'),
      `inline; filename="caf_ _menu_.png"; filename*=UTF-8''caf%C3%A9%20%22menu%22.png`
    )
    assert.equal(inline.headers.get('content-length'), String(image.length))
    assert.equal(inline.headers.get('cache-control'), 'private, max-age=86400')
    assert.equal(inline.headers.get('content-security-policy'), SANDBOX)
    assert.equal(inline.headers.get('x-content-type-options'), 'nosniff')
    assert.isTrue(inline.bytes.equals(image))
    assert.equal(attachment.headers.get('content-type'), 'image/png')
    assert.match(attachment.headers.get('content-disposition')!, /^attachment; filename="caf_/)
  })

  test('uploading needs a signed-in member of a writable channel and a multipart file part', async ({
    assert,
  }) => {
    const { team, townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const open = await createChannel(alices, team, 'public', 'open')
    const secret = await createChannel(alices, team, 'private', 'secret')
    const old = await createChannel(alices, team, 'public', 'old')
    expectStatus(await alices.post(`/api/v1/channels/${old}/archive`), 200)

    assertError(
      assert,
      await upload(new WebClient(), townSquare.id, 'x', 'a.txt'),
      401,
      UNAUTHENTICATED
    )
    assertError(assert, await upload(bobs, open, 'x', 'a.txt'), 403, FORBIDDEN)
    assertError(assert, await upload(bobs, secret, 'x', 'a.txt'), 404, CHANNEL_NOT_FOUND)
    assertError(assert, await upload(alices, old, 'x', 'a.txt'), 403, ARCHIVED)
    const wrongPart = await upload(alices, townSquare.id, 'x', 'a.txt', { field: 'attachment' })
    assertError(assert, wrongPart, 422, { code: 'required', field: 'file' })
    const json = await alices.post(`/api/v1/channels/${townSquare.id}/files`, { file: 'x' })
    assertError(assert, json, 415, { code: 'unsupported_media_type' })
    const readOnly = await withToken(alice, ['read'])
    assertError(assert, await upload(readOnly, townSquare.id, 'x', 'a.txt'), 403, {
      code: 'insufficient_scope',
    })
    assert.equal(await count('files'), 0)

    const scripted = await upload(await withToken(alice), townSquare.id, 'by script', 'a.txt')
    assert.equal(scripted.status, 201)
  })
})

test.group('Files: reading and attaching', (group) => {
  isolate(group)
  removeStoredBytes(group)

  test('before it is attached, only the uploader can read a file', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const image = await png(50, 50)
    const file = await uploaded(alices, townSquare.id, image, 'draft.png')

    for (const path of READS) {
      assert.equal(await statusOf(alices.get(`/api/v1/files/${file.id}${path}`)), 200, path)
      assertError(assert, await bobs.get(`/api/v1/files/${file.id}${path}`), 404, FILE_NOT_FOUND)
    }
    const download = await alices.get(`/api/v1/files/${file.id}`)
    const info = await alices.get(`/api/v1/files/${file.id}/info`)
    assert.isTrue(download.bytes.equals(image))
    assert.deepEqual(info.body, file)
  })

  test('once attached, the channel members read the same bytes and nobody else can', async ({
    assert,
  }) => {
    const { team, alice, bob, carol } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'private', 'secret', [bob])
    const bytes = randomBinary(300 * 1024)
    const file = await uploaded(alices, channelId, bytes, 'data.bin')
    const post = await postWithFiles(alices, channelId, [file.id], 'the data')

    const bobs = await signIn(bob)
    const download = await bobs.get(`/api/v1/files/${file.id}`)
    assert.equal(download.status, 200)
    assert.isTrue(download.bytes.equals(bytes))
    assert.equal(download.headers.get('content-type'), 'application/octet-stream')
    const info = await bobs.get(`/api/v1/files/${file.id}/info`)
    assert.equal(info.body.postId, post.id)

    const carols = await signIn(carol)
    for (const path of READS) {
      assertError(assert, await carols.get(`/api/v1/files/${file.id}${path}`), 404, FILE_NOT_FOUND)
    }
    for (const id of ['0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee', 'not-an-id']) {
      assertError(assert, await alices.get(`/api/v1/files/${id}`), 404, FILE_NOT_FOUND)
    }
  })

  test('posts carry their files: the answer, history, the post and its live events', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const sse = await listen(await signIn(bob), cleanup, `channels/${townSquare.id}`)
    const first = await uploaded(alices, townSquare.id, await png(30, 20), 'a.png')
    const second = await uploaded(alices, townSquare.id, 'notes', 'b.txt')

    const post = await postWithFiles(alices, townSquare.id, [first.id, second.id], 'two files')

    const expected = [first, second].map((file) => ({ ...file, postId: post.id }))
    assert.deepEqual(post.files, expected)
    const history = await alices.get(`/api/v1/channels/${townSquare.id}/posts`)
    assert.deepEqual(history.body.data.at(-1).files, expected)
    const shown = await alices.get(`/api/v1/posts/${post.id}`)
    assert.deepEqual(shown.body.files, expected)
    const event = await sse.waitFor(() => sse.on(`channels/${townSquare.id}`, 'post.created')[0])
    assert.deepEqual(event.data.post.files, expected)
    const row = await db.from('posts').where('id', post.id).select('file_count').firstOrFail()
    assert.equal(Number(row.file_count), 2)

    expectStatus(
      await alices.patch(`/api/v1/posts/${post.id}`, { message: 'two files, edited' }),
      200
    )
    expectStatus(await alices.put(`/api/v1/posts/${post.id}/pin`), 200)
    const stream = `channels/${townSquare.id}`
    const edited = await sse.waitFor(() => sse.on(stream, 'post.edited')[0])
    const pinned = await sse.waitFor(() => sse.on(stream, 'post.pinned')[0])
    assert.deepEqual(edited.data.post.files, expected)
    assert.deepEqual(pinned.data.post.files, expected)
  })

  test('a page of posts reads files in one query, and none when no post has files', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, alice } = await teamCast()
    const alices = await signIn(alice)
    await send(alices, townSquare.id, 'plain')
    const reader = new PostReader()
    const queries: string[] = []
    const knex = db.connection().getWriteClient()
    const record = (query: { sql: string }) => queries.push(query.sql)
    knex.on('query', record)
    cleanup(() => void knex.off('query', record))

    const plain = await reader.history(townSquare, {})
    queries.length = 0
    const plainExtras = await reader.extras(plain.data)
    assert.isFalse(queries.some((sql) => sql.includes('"files"') || sql.includes('`files`')))
    assert.equal(plainExtras.files.size, 0)

    const file = await uploaded(alices, townSquare.id, 'notes', 'notes.txt')
    await postWithFiles(alices, townSquare.id, [file.id])
    const mixed = await reader.history(townSquare, {})
    queries.length = 0
    const mixedExtras = await reader.extras(mixed.data)
    assert.lengthOf(
      queries.filter((sql) => sql.includes('"files"') || sql.includes('`files`')),
      1
    )
    assert.equal(mixedExtras.files.size, 1)
  })

  test('a post with files may have an empty message; one without files may not', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const path = `/api/v1/channels/${townSquare.id}/posts`
    const file = await uploaded(client, townSquare.id, 'notes', 'notes.txt')
    const more = await uploaded(client, townSquare.id, 'more', 'more.txt')

    assertError(assert, await client.post(path, { message: '  ', fileIds: [] }), 422, {
      code: 'minLength',
      field: 'message',
    })
    assertError(assert, await client.post(path, {}), 422, { code: 'required', field: 'message' })
    const post = await postWithFiles(client, townSquare.id, [file.id], '   ')
    const bare = await postWithFiles(client, townSquare.id, [more.id])

    assert.equal(post.message, '')
    assert.lengthOf(post.files, 1)
    assert.equal(bare.message, '')
    assert.equal(await count('posts', { channel_id: townSquare.id }), 2)
  })

  test("someone else's file, a file of another channel or an attached one cannot be attached", async ({
    assert,
  }) => {
    const { team, townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const otherId = await createChannel(alices, team, 'public', 'other')
    const bobsFile = await uploaded(bobs, townSquare.id, 'bob', 'bob.txt')
    const elsewhere = await uploaded(alices, otherId, 'elsewhere', 'elsewhere.txt')
    const attached = await uploaded(alices, townSquare.id, 'once', 'once.txt')
    const free = await uploaded(alices, townSquare.id, 'free', 'free.txt')
    await postWithFiles(alices, townSquare.id, [attached.id], 'first')
    const path = `/api/v1/channels/${townSquare.id}/posts`

    for (const fileId of [bobsFile.id, elsewhere.id, attached.id]) {
      const response = await alices.post(path, { message: 'again', fileIds: [free.id, fileId] })
      assertError(assert, response, 422, UNAVAILABLE)
    }
    const tooMany = await alices.post(path, { message: 'x', fileIds: Array(11).fill(free.id) })
    assertError(assert, tooMany, 422, { code: 'array.maxLength', field: 'fileIds' })

    assert.equal(await count('posts', { channel_id: townSquare.id }), 1)
    const rows = await File.query().whereIn('id', [free.id, bobsFile.id, elsewhere.id])
    assert.deepEqual(
      rows.map((row) => row.postId),
      [null, null, null]
    )
  })

  test('deleting a post removes its files: 404 everywhere and the bytes gone from disk', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const file = await uploaded(alices, townSquare.id, await png(600, 300), 'gone.png')
    const storageKey = await storageKeyOf(file.id)
    const post = await postWithFiles(alices, townSquare.id, [file.id])
    assert.equal(await statusOf(bobs.get(`/api/v1/files/${file.id}/thumbnail`)), 200)

    expectStatus(await alices.delete(`/api/v1/posts/${post.id}`), 204)

    for (const client of [alices, bobs]) {
      for (const path of READS) {
        assertError(
          assert,
          await client.get(`/api/v1/files/${file.id}${path}`),
          404,
          FILE_NOT_FOUND
        )
      }
    }
    assert.deepEqual(storedVariants(storageKey), [])
    const row = await File.findOrFail(file.id)
    const shown = await alices.get(`/api/v1/posts/${post.id}`)
    assert.isNotNull(row.deletedAt)
    assert.deepEqual(shown.body.files, [])
  })

  test('uploads never attached are swept after a day; fresh and attached ones stay', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const alices = await signIn(alice)
    const stale = await uploaded(alices, townSquare.id, await png(40, 40), 'stale.png')
    const fresh = await uploaded(alices, townSquare.id, await png(40, 40), 'fresh.png')
    const kept = await uploaded(alices, townSquare.id, await png(40, 40), 'kept.png')
    await postWithFiles(alices, townSquare.id, [kept.id])
    const dayAgo = dbTimestamp(db.connection(), DateTime.now().minus({ hours: 25 }))
    await db.from('files').whereIn('id', [stale.id, kept.id]).update({ created_at: dayAgo })
    const staleKey = await storageKeyOf(stale.id)

    assert.equal(await new FileService().sweepUnattached(), 1)

    assert.equal(await count('files', { id: stale.id }), 0)
    assert.deepEqual(storedVariants(staleKey), [])
    assert.equal(await statusOf(alices.get(`/api/v1/files/${stale.id}`)), 404)
    assert.equal(await statusOf(alices.get(`/api/v1/files/${fresh.id}`)), 200)
    assert.equal(await statusOf(alices.get(`/api/v1/files/${kept.id}`)), 200)
  })
})

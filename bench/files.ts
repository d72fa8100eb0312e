/*
|--------------------------------------------------------------------------
| File upload and download throughput
|--------------------------------------------------------------------------
|
| Starts a Hearth server on a fresh SQLite database in a temporary DATA_DIR
| (files on the local disk), signs up a user, makes a team, and then, each
| round, uploads a --size (50) MB file of random bytes (no magic number, so
| no thumbnail) into town-square through POST /api/v1/channels/:id/files
| and downloads it back through GET /api/v1/files/:id, checking the bytes.
| Prints MB/s of each per round and the medians over --rounds (5), with
| a bare node:http server writing and reading the same bytes as baseline.
| --smoke runs one round of 5 MB (CI).
|
*/
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiCall, flag, median, printCommand, round, startServer, stopServer } from './lib.js'

const SMOKE = process.argv.includes('--smoke')
const SIZE_MB = Number(flag('size', SMOKE ? '5' : '50'))
const ROUNDS = Number(flag('rounds', SMOKE ? '1' : '5'))
const PORT = flag('port', '3352')
const MB = 1024 * 1024

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-files-bench-'))
const { url, child } = await startServer({
  PORT,
  HOST: '127.0.0.1',
  APP_KEY: randomBytes(32).toString('base64url'),
  DB_CONNECTION: 'sqlite',
  DATA_DIR: dataDir,
  FILES_DRIVER: 'fs',
  FILES_MAX_SIZE_MB: String(Math.max(100, SIZE_MB + 1)),
})

/**
 * Signs up the first (admin) account the way a browser does (session cookie and CSRF token),
 * takes a token, makes a team: the token and the team's town-square.
 */
async function setUp() {
  const csrf = await fetch(`${url}/api/v1/auth/csrf`)
  const cookies = csrf.headers.getSetCookie().map((line) => line.split(';')[0])
  const xsrf = cookies.find((cookie) => cookie.startsWith('XSRF-TOKEN='))!.split('=')[1]
  const browser = {
    headers: { 'cookie': cookies.join('; '), 'x-xsrf-token': decodeURIComponent(xsrf) },
  }
  const password = 'bench password 1'
  const account = { username: 'bench', email: 'bench@example.test', password }
  await apiCall(url, browser, 'POST', '/api/v1/auth/signup', account, 201)
  const scopes = ['write']
  const issued = { login: 'bench', password, name: 'files bench', scopes }
  const { token } = await apiCall(url, {}, 'POST', '/api/v1/auth/tokens', issued, 201)
  const team = await apiCall(url, { token }, 'POST', '/api/v1/teams', { name: 'Bench' }, 201)
  const channels = await apiCall(url, { token }, 'GET', `/api/v1/teams/${team.id}/channels`)
  const townSquare = channels.data.find((channel: any) => channel.name === 'town-square')
  return { token: token as string, channelId: townSquare.id as string }
}

/** Seconds to upload the bytes as a multipart part; answers the file's id. */
async function timeUpload(token: string, channelId: string, bytes: Buffer) {
  const form = new FormData()
  form.append('file', new Blob([bytes]), 'random.bin')
  const started = performance.now()
  const response = await fetch(`${url}/api/v1/channels/${channelId}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    body: form,
  })
  const file = (await response.json()) as any
  const seconds = (performance.now() - started) / 1000
  if (response.status !== 201) throw new Error(`upload answered ${response.status}`)
  if (file.size !== bytes.length || file.hasThumbnail) throw new Error('unexpected file record')
  return { seconds, fileId: file.id as string }
}

/** Seconds to download a file to its last byte, checking it is the bytes uploaded. */
async function timeDownload(token: string, fileId: string, expectedHash: string) {
  const started = performance.now()
  const response = await fetch(`${url}/api/v1/files/${fileId}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  if (response.status !== 200 || !response.body) {
    throw new Error(`download answered ${response.status}`)
  }
  const hash = createHash('sha256')
  for await (const chunk of response.body) hash.update(chunk)
  const seconds = (performance.now() - started) / 1000
  if (hash.digest('hex') !== expectedHash) throw new Error('downloaded bytes differ')
  return seconds
}

/**
 * The baseline, measured in the same run: a bare `node:http` server in
 * this process that writes a raw request body to a file and streams a file
 * back. What Hearth adds on top (multipart parsing, sniffing, the database,
 * permission checks) shows as the ratio to it.
 */
async function startBaseline() {
  const path = join(dataDir, 'baseline.bin')
  const server = createServer(async (request, response) => {
    if (request.method === 'PUT') {
      await pipeline(request, createWriteStream(path))
      response.end('ok')
    } else {
      const { size } = await stat(path)
      response.setHeader('content-length', size)
      await pipeline(createReadStream(path), response)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return {
    server,
    async round(bytes: Buffer) {
      let started = performance.now()
      const stored = await fetch(base, { method: 'PUT', body: bytes })
      await stored.text()
      const upload = (performance.now() - started) / 1000
      started = performance.now()
      const response = await fetch(base)
      for await (const chunk of response.body!) void chunk
      return { upload, download: (performance.now() - started) / 1000 }
    },
  }
}

try {
  const { token, channelId } = await setUp()
  const baseline = await startBaseline()
  const baseUploads: number[] = []
  const baseDownloads: number[] = []
  const uploads: number[] = []
  const downloads: number[] = []
  for (let index = 1; index <= ROUNDS; index++) {
    const bytes = randomBytes(SIZE_MB * MB)
    const expectedHash = createHash('sha256').update(bytes).digest('hex')
    const upload = await timeUpload(token, channelId, bytes)
    const downloadSeconds = await timeDownload(token, upload.fileId, expectedHash)
    const base = await baseline.round(bytes)
    uploads.push(SIZE_MB / upload.seconds)
    downloads.push(SIZE_MB / downloadSeconds)
    baseUploads.push(SIZE_MB / base.upload)
    baseDownloads.push(SIZE_MB / base.download)
    console.log(
      `round ${index}: upload ${round(upload.seconds)} s, ${round(SIZE_MB / upload.seconds)} MB/s | ` +
        `download ${round(downloadSeconds)} s, ${round(SIZE_MB / downloadSeconds)} MB/s | ` +
        `baseline up ${round(SIZE_MB / base.upload)} MB/s, down ${round(SIZE_MB / base.download)} MB/s`
    )
  }
  baseline.server.close()
  const ratio = (ours: number[], theirs: number[]) =>
    `${round((100 * median(ours)) / median(theirs))} % of the bare-server baseline`
  console.log(`median of ${ROUNDS} rounds (${SIZE_MB} MB of random bytes, SQLite, local disk):`)
  console.log(`  upload:   ${round(median(uploads))} MB/s (${ratio(uploads, baseUploads)})`)
  console.log(`  download: ${round(median(downloads))} MB/s (${ratio(downloads, baseDownloads)})`)
  console.log(
    `  baseline: upload ${round(median(baseUploads))} MB/s, download ${round(median(baseDownloads))} MB/s`
  )
  printCommand()
} finally {
  await stopServer(child)
  await rm(dataDir, { recursive: true, force: true })
}

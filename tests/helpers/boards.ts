import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as authProtocol from 'y-protocols/auth'
import { WebsocketProvider } from 'y-websocket'
import type { Group } from '@japa/runner/core'
import * as encoding from 'lib0/encoding'
import app from '@adonisjs/core/services/app'
import config from '@adonisjs/core/services/config'
import env from '#start/env'
import type User from '#app/models/user'
import TokenService from '#app/services/token_service'
import type { TokenScope } from '#app/helpers/scopes'
import type Channel from '#chat/models/channel'
import Board from '#boards/models/board'
import { applyTemplate, boardJson } from '#boards/document/index'
import { documentStore, readDocument } from '#boards/services/document_store'
import { boardSync } from '#boards/sync/board_sync_server'
import { expectStatus, type WebClient } from '#tests/helpers/web_client'
import { eventually, type Cleanup } from '#tests/helpers/realtime'

/** How a test socket authenticates: a ticket, a Bearer token, a browser's cookies, or nothing. */
export type SyncAuth =
  { ticket: string } | { token: string } | { cookies: WebClient; origin?: string } | { none: true }

/** A close the server sent: its code and reason. */
export type Closed = { code: number; reason: string }

/** A client replica: a Y.Doc kept in sync by the unmodified y-websocket provider. */
export type Replica = {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The read-only notices (y-protocols "permission denied" reasons) it received. */
  notices: string[]
  /** Set once the server closes the connection with a code the provider does not retry. */
  closed: () => Closed | null
}

/** Use to change a setting of config/board_sync.ts for one test. */
export function boardSetting(key: string, value: unknown, cleanup: Cleanup) {
  const before = config.get(`board_sync.${key}`)
  config.set(`board_sync.${key}`, value)
  cleanup(() => config.set(`board_sync.${key}`, before))
}

/** A y-websocket sync message around raw bytes: step 1 (0), step 2 (1) or an update (2). */
export function syncFrame(step: 0 | 1 | 2, payload: Uint8Array) {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

const localOrigin = () => `http://127.0.0.1:${env.get('PORT', 3334)}`

/** The provider's server URL: the room name `<boardId>/sync` completes the socket path. */
export function syncBase(port: number | string = env.get('PORT', 3334)) {
  return `ws://127.0.0.1:${port}/api/v1/boards`
}

function credentials(auth: SyncAuth) {
  const headers: Record<string, string> = {}
  const params: Record<string, string> = {}
  if ('ticket' in auth) params.ticket = auth.ticket
  if ('token' in auth) headers.authorization = `Bearer ${auth.token}`
  if ('cookies' in auth) {
    headers.cookie = [...auth.cookies.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    headers.origin = auth.origin ?? localOrigin()
  }
  return { headers, params }
}

/** A `ws` WebSocket that sends extra headers: what a browser does with cookies, a script with a token. */
function socketWithHeaders(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  }
}

/**
 * Use in a group of board socket tests, after `isolate`: when each test ends its sockets are
 * closed and the documents written and unloaded, inside its transaction, before the rollback.
 */
export function closeBoardSockets(group: Group) {
  group.each.setup(() => async () => {
    await boardSync.closeAll()
    await documentStore.close()
  })
}

/** Use for a board in a channel, with the `empty` template's columns written as its first update. */
export async function createBoard(
  channel: Channel,
  creator: User,
  attributes: Partial<Board> = {}
) {
  const board = await Board.create({
    teamId: channel.teamId,
    channelId: channel.id,
    title: 'Roadmap',
    creatorId: creator.id,
    defaultRole: 'editor',
    ...attributes,
  })
  await documentStore.transact(board.id, (doc) => applyTemplate(doc, 'empty'))
  return board
}

/** Use for a fresh personal access token of the user. */
export async function tokenOf(user: User, scopes: TokenScope[] = ['write']) {
  const token = await new TokenService().create(user, { name: 'sync', scopes, expiresIn: '1d' })
  return token.value!.release()
}

/** Use for a sync ticket of the client's user for a board (the route must answer 201). */
export async function ticketFor(client: WebClient, boardId: string) {
  const response = await client.post(`/api/v1/boards/${boardId}/sync-ticket`)
  return expectStatus(response, 201).body.ticket as string
}

/**
 * Use for a replica connected through the real provider, synced with the server unless
 * `wait` is false; destroyed when the test ends.
 */
export async function connect(
  boardId: string,
  auth: SyncAuth,
  cleanup: Cleanup,
  options: { port?: number; wait?: boolean } = {}
): Promise<Replica> {
  const doc = new Y.Doc()
  const { headers, params } = credentials(auth)
  const provider = new WebsocketProvider(syncBase(options.port), `${boardId}/sync`, doc, {
    WebSocketPolyfill: socketWithHeaders(headers) as any,
    params,
    disableBc: true,
    maxBackoffTime: 500,
  })
  const notices: string[] = []
  provider.messageHandlers[2] = (_encoder, decoder) =>
    authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => notices.push(reason))
  let closed: Closed | null = null
  provider.on('closed', (event) => (closed = event))
  cleanup(() => {
    provider.destroy()
    doc.destroy()
  })
  if (options.wait !== false) await synced(provider)
  return { doc, provider, notices, closed: () => closed }
}

/** Use to wait until a provider has completed its sync handshake. */
export function synced(provider: WebsocketProvider, timeoutMs = 5000) {
  return eventually(() => provider.synced, timeoutMs)
}

/** Use to compare replicas: the board as JSON, identical wherever the updates are the same. */
export function boardOf(doc: Y.Doc) {
  return JSON.stringify(boardJson(doc))
}

/** Use to wait until every replica reads the same board and `check` holds on it. */
export async function converged(replicas: Replica[], check: (doc: Y.Doc) => boolean = () => true) {
  await eventually(() => {
    const first = boardOf(replicas[0].doc)
    return replicas.every((replica) => boardOf(replica.doc) === first && check(replica.doc))
  }, 5000)
}

/** Use to read what the database holds for a board, as a fresh document (snapshot + log). */
export async function storedDocument(boardId: string) {
  await documentStore.flush()
  const { doc } = await readDocument(boardId)
  return doc
}

/** A raw socket to a board, for what the provider would never send. */
export type RawSocket = { ws: WebSocket; closed: Promise<Closed>; received: Uint8Array[] }

/** Use for a raw `ws` socket on a board's sync path (open once this resolves). */
export async function rawSocket(
  boardId: string,
  auth: SyncAuth,
  cleanup: Cleanup,
  options: { autoPong?: boolean } = {}
): Promise<RawSocket> {
  const { headers, params } = credentials(auth)
  const query = new URLSearchParams(params).toString()
  const ws = new WebSocket(`${syncBase()}/${boardId}/sync${query ? `?${query}` : ''}`, {
    headers,
    autoPong: options.autoPong ?? true,
  })
  const received: Uint8Array[] = []
  ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)))
  const closed = new Promise<Closed>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  )
  cleanup(() => ws.terminate())
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { ws, closed, received }
}

/**
 * Use to see how the server answers an upgrade request: 101 when it opens the socket, else the
 * HTTP status and JSON body it answered instead.
 */
export function upgradeAnswer(boardId: string, auth: SyncAuth, extraHeaders = {}) {
  const { headers, params } = credentials(auth)
  const query = new URLSearchParams(params).toString()
  const url = `${syncBase()}/${boardId}/sync${query ? `?${query}` : ''}`
  return new Promise<{ status: number; body: any }>((resolve) => {
    const ws = new WebSocket(url, { headers: { ...headers, ...extraHeaders } })
    ws.on('error', () => {})
    ws.on('open', () => {
      ws.close()
      resolve({ status: 101, body: null })
    })
    ws.on('unexpected-response', (_request, response) => {
      let text = ''
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () => {
        resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : null })
        ws.terminate()
      })
    })
  })
}

/** Use when a check cares only about the status an upgrade request gets (101: a socket). */
export async function upgradeStatus(boardId: string, auth: SyncAuth) {
  const { status } = await upgradeAnswer(boardId, auth)
  return status
}

/** Use to wait for the server to close a raw socket: the close code it sent. */
export async function closeCode(raw: RawSocket) {
  const { code } = await raw.closed
  return code
}

/** Use for a TCP port nobody listens on. */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** A Hearth server running as a child process (bin/server.ts), on the test run's database. */
export type ServerProcess = { port: number; child: ChildProcess }

/**
 * Use to start a real server process on the same database as the test run (same DB_* and
 * DATA_DIR; NODE_ENV=test picks the test SQLite file), on `port`, and wait until it is healthy.
 */
export async function startServerProcess(port: number): Promise<ServerProcess> {
  // The test run's own SMTP server is not the child's business.
  const inherited = { ...process.env }
  delete inherited.SMTP_HOST
  delete inherited.SMTP_PORT
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: app.appRoot,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: env.get('DATA_DIR', 'tmp/test-data'),
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false
    )
    if (healthy) return { port, child }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  child.kill('SIGKILL')
  throw new Error('the server did not become healthy in 60 s')
}

/** Use to end a server process with a signal and wait until it has exited. */
export async function stopServerProcess(server: ServerProcess, signal: NodeJS.Signals) {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill(signal)
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/**
 * Use for a Roadmap board (project_tasks) made through the API, with cards in columns by
 * name: `{ 'To do': ['A', 'B'] }`.
 */
export async function boardWith(
  client: WebClient,
  channelId: string,
  cards: Record<string, string[]>
) {
  const { body: board } = await client.post(`/api/v1/channels/${channelId}/boards`, {
    title: 'Roadmap',
    template: 'project_tasks',
  })
  const { body: doc } = await client.get(`/api/v1/boards/${board.id}/document`)
  for (const [label, titles] of Object.entries(cards)) {
    const column = doc.columns.find((entry: { label: string }) => entry.label === label)
    for (const title of titles) {
      const made = await client.post(`/api/v1/boards/${board.id}/cards`, {
        title,
        column: column.id,
      })
      if (made.status !== 201) throw new Error(`card not made: ${JSON.stringify(made.body)}`)
    }
  }
  return board as { id: string; channelId: string; teamId: string }
}

/** Use for the web address of a board made by `boardWith`. */
export const boardPath = (board: { id: string; channelId: string; teamId: string }) =>
  `/teams/${board.teamId}/channels/${board.channelId}/boards/${board.id}`

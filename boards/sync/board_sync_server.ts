import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import * as Y from 'yjs'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import config from '@adonisjs/core/services/config'
import logger from '@adonisjs/core/services/logger'
import User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import type Board from '#boards/models/board'
import BoardPolicy from '#boards/policies/board_policy'
import { findVisibleBoard, type BoardAccess } from '#boards/services/board_access'
import {
  documentStore,
  DocumentRefused,
  type DocumentUpdate,
} from '#boards/services/document_store'
import { credentialKey, stillValid, type Credential } from '#app/auth/credentials'
import { every } from '#app/helpers/periodic'
import { BoardRoom } from '#boards/sync/board_room'
import { SyncConnection } from '#boards/sync/sync_connection'
import { syncAnswer } from '#boards/sync/sync_answers'
import { Bucket, WriteBudget } from '#boards/sync/write_budget'
import {
  authenticateUpgrade,
  credentialsAllowWrite,
  UpgradeRefused,
  type SyncIdentity,
} from '#boards/sync/upgrade_auth'
import {
  CLOSE,
  ProtocolError,
  readMessage,
  syncStep1,
  updateMessage,
  type ClientMessage,
} from '#boards/sync/protocol'

/** The close code for each reason the document store refuses an update. */
const REFUSAL_CLOSE = {
  malformed: CLOSE.malformed,
  update_too_large: CLOSE.tooBig,
  too_large: CLOSE.documentTooLarge,
  unavailable: CLOSE.internalError,
} as const

/** Budgets kept per account (writes, socket opens) before those of accounts with no socket go. */
const MAX_BUDGETS = 10_000

/**
 * Time socket updates may take in one turn of the event loop. A single read from a socket
 * can hold a thousand small frames; past this, the rest wait (in order, the socket paused)
 * for the next turn, so other requests and sockets are served in between.
 */
const TURN_MS = 4

const SYNC_PATH = /^\/api\/v1\/boards\/([^/]+)\/sync\/?$/

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** Answers a refused upgrade as plain HTTP with our JSON error body, then drops the socket. */
function refuse(
  socket: Duplex,
  status: number,
  code: string,
  message: string,
  retryAfter?: number
) {
  if (socket.destroyed) return
  const body = JSON.stringify({ errors: [{ code, message }] })
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      (retryAfter ? `Retry-After: ${retryAfter}\r\n` : '') +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

/**
 * Why a socket may not write, or null when it may: the same policy as the
 * HTTP routes (BoardPolicy.edit: editors and admins, on a live board), and a
 * token's `write` scope.
 */
function readOnlyReason(identity: SyncIdentity, access: BoardAccess) {
  if (!credentialsAllowWrite(identity)) return 'this token lacks the "write" scope'
  if (access.board.isArchived) return 'the board is archived'
  if (!new BoardPolicy().edit(identity.user, access))
    return `your role on this board is ${access.role}`
  return null
}

/** The session or token a socket was opened with (a ticket's: the one that minted it). */
function credentialOfSocket({ sessionId, tokenId }: SyncIdentity): Credential | null {
  if (tokenId) return { kind: 'token', id: Number(tokenId) }
  if (sessionId) return { kind: 'session', id: sessionId }
  return null
}

function ownBytes(data: RawData) {
  // A copy that owns its buffer: `ws` may hand out a view into a larger pooled one.
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  return new Uint8Array(data as Buffer | ArrayBuffer)
}

/**
 * The board sync server: the y-websocket protocol on
 * `/api/v1/boards/:id/sync`, on the app's own HTTP server. Authorises before
 * the upgrade; serves viewers, commenters, archived boards and read-scope
 * tokens read-only; applies updates through the document store, which writes
 * them before they are broadcast to the board's other sockets.
 */
class BoardSyncServer {
  #wss: WebSocketServer | null = null
  #attached = new WeakSet<Server>()
  #rooms = new Map<string, BoardRoom>()
  #connections = new Set<SyncConnection>()
  /** Open and opening sockets per user, for the per-account cap. */
  #perUser = new Map<string, number>()
  #budgets = new Map<string, WriteBudget>()
  /** Sockets each account may still open (see #countOpen). */
  #opens = new Map<string, Bucket>()
  #closing = false
  #stopCredentialChecks: (() => void) | null = null
  /** When this turn's first update was applied, or null before any in this turn. */
  #turnStarted: number | null = null

  constructor() {
    documentStore.onPersisted((boardId, updates) => this.#broadcast(boardId, updates))
    documentStore.onDocumentUnloaded((boardId, reason) => {
      if (reason === 'failed') {
        this.#dropRoom(boardId, CLOSE.internalError, 'The board could not be saved; reconnect')
      }
    })
  }

  /** Serves board sockets on an HTTP server (the app's, or the test runner's). */
  attach(server: Server) {
    if (this.#attached.has(server)) return
    this.#attached.add(server)
    this.#wss ??= new WebSocketServer({
      noServer: true,
      maxPayload: config.get<number>('board_sync.maxMessageBytes'),
      perMessageDeflate: false,
    })
    server.on('upgrade', (req, socket, head) => this.#onUpgrade(server, req, socket, head))
    this.#watchCredentials()
  }

  /** Checks every socket's credential each `credentialCheckMs`, never two checks at once. */
  #watchCredentials() {
    this.#stopCredentialChecks ??= every(
      config.get<number>('board_sync.credentialCheckMs'),
      () => this.closeEndedCredentials(),
      'could not check the credentials of open board sockets'
    )
  }

  /** The sockets open on a board (tests, admin). */
  connectionsOf(boardId: string) {
    return [...(this.#rooms.get(boardId)?.connections ?? [])]
  }

  /**
   * Re-checks the role of every socket on a board (or one user's) at once:
   * who may no longer see it is disconnected (4403), who may no longer write
   * becomes read-only and is told, who may write again can.
   */
  async refreshAccess(boardId: string, userId?: string) {
    const room = this.#rooms.get(boardId)
    if (!room) return
    const affected = [...room.connections].filter((c) => !userId || c.userId === userId)
    await Promise.all(affected.map((connection) => this.#recheck(connection)))
  }

  /** Re-checks the sockets on every board of a channel, or one user's there. */
  async refreshChannel(channelId: string, userId?: string) {
    const rooms = [...this.#rooms.values()].filter((room) => room.channelId === channelId)
    await Promise.all(rooms.map((room) => this.refreshAccess(room.boardId, userId)))
  }

  /** Re-checks every socket of a user, on any board (they left a team, for instance). */
  async refreshUser(userId: string) {
    const mine = [...this.#connections].filter((connection) => connection.userId === userId)
    await Promise.all(mine.map((connection) => this.#recheck(connection)))
  }

  /** Disconnects a user's sockets on one board, or on all boards (null), for good (4403). */
  disconnectUser(boardId: string | null, userId: string) {
    for (const connection of this.#connections) {
      if (connection.userId !== userId) continue
      if (boardId && connection.boardId !== boardId) continue
      connection.close(CLOSE.revoked, 'Access to this board was revoked')
    }
  }

  /** Closes the sockets opened with (or with tickets minted by) sessions that ended (4403). */
  closeSessions(userId: string, sessionIds: string[]) {
    const ended = new Set(sessionIds)
    for (const connection of this.#connections) {
      const { sessionId } = connection.identity
      if (connection.userId !== userId || !sessionId || !ended.has(sessionId)) continue
      connection.close(CLOSE.revoked, 'The session this socket was opened with has ended')
    }
  }

  /** Closes the sockets opened with (or with tickets minted by) a revoked token (4403). */
  closeToken(userId: string, tokenId: string) {
    for (const connection of this.#connections) {
      if (connection.userId !== userId || connection.identity.tokenId !== tokenId) continue
      connection.close(CLOSE.revoked, 'The token this socket was opened with was revoked')
    }
  }

  /**
   * Closes the sockets whose session or token no longer lets them in (4403): ended in a
   * process whose events never reach this one (an ace command), expired, or deleted any other
   * way. One query per 500 credentials; answers how many sockets it closed.
   */
  async closeEndedCredentials() {
    const held = [...this.#connections].flatMap((connection) => {
      const credential = credentialOfSocket(connection.identity)
      return credential ? [{ connection, credential }] : []
    })
    if (held.length === 0) return 0
    const valid = await stillValid(
      held.map(({ connection, credential }) => ({ userId: connection.userId, credential }))
    )
    const ended = held.filter(({ credential }) => !valid.has(credentialKey(credential)))
    for (const { connection } of ended) {
      connection.close(CLOSE.revoked, 'The session or token this socket was opened with has ended')
    }
    return ended.length
  }

  /** A deleted board: its sockets close (4404) and its document is forgotten unsaved. */
  closeBoard(boardId: string) {
    this.#dropRoom(boardId, CLOSE.deleted, 'This board was deleted')
    documentStore.discard(boardId)
  }

  /** Shutdown: refuses new sockets from now on and closes the open ones. */
  async close() {
    this.#closing = true
    this.#stopCredentialChecks?.()
    this.#stopCredentialChecks = null
    await this.closeAll()
  }

  /**
   * Closes every socket (1012: clients reconnect to the next server) and
   * waits briefly for them to go, then drops the rest (also between tests).
   */
  async closeAll() {
    for (const connection of this.#connections) {
      connection.close(CLOSE.restarting, 'The server is restarting')
    }
    const deadline = Date.now() + 1000
    while (this.#connections.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    for (const connection of this.#connections) connection.socket.terminate()
    while (this.#connections.size > 0) await new Promise((resolve) => setTimeout(resolve, 5))
  }

  #onUpgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const match = SYNC_PATH.exec(path)
    if (!match) {
      // Another upgrade handler may want it; with none, nobody will answer.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'not_found', 'Not found')
      return
    }
    socket.on('error', () => socket.destroy())
    this.#upgrade(req, socket, head, match[1]).catch((error) => {
      logger.error({ err: error }, 'board socket upgrade failed')
      refuse(socket, 500, 'server_error', 'The socket could not be opened')
    })
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, boardId: string) {
    let identity: SyncIdentity
    let access: BoardAccess
    try {
      if (this.#closing || !this.#wss) {
        throw new UpgradeRefused(503, 'unavailable', 'The server is restarting')
      }
      identity = await authenticateUpgrade(req, boardId)
      this.#countOpen(identity.user.id)
      access = await findVisibleBoard(identity.user, boardId).catch((error) => {
        if (error instanceof ApiError && error.status === 404) {
          throw new UpgradeRefused(404, 'not_found', 'Board not found')
        }
        throw error
      })
      this.#reserve(identity.user.id)
    } catch (error) {
      if (!(error instanceof UpgradeRefused)) throw error
      return refuse(socket, error.status, error.code, error.message, error.retryAfter)
    }

    const userId = identity.user.id
    let doc: Y.Doc
    try {
      doc = await documentStore.open(access.board.id)
    } catch (error) {
      this.#unreserve(userId)
      if (!(error instanceof DocumentRefused)) throw error
      return refuse(socket, error.status, error.code, error.message)
    }
    let connected = false
    if (this.#closing) refuse(socket, 503, 'unavailable', 'The server is restarting')
    if (!socket.destroyed && !this.#closing) {
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        connected = true
        this.#connected(ws, identity, access.board, readOnlyReason(identity, access), doc)
      })
    }
    // A handshake that failed (or a client that went away) never gets a socket.
    if (!connected) {
      this.#unreserve(userId)
      documentStore.release(access.board.id, doc)
    }
  }

  /**
   * Counts a socket an account opens, before any other work: reconnecting in a loop (say
   * after every refusal) costs a query or two each time, so past `opensPerMinute` (with a
   * burst of as many) the upgrade is a 429 with Retry-After until the bucket refills.
   */
  #countOpen(userId: string) {
    const bucket = this.#perAccount(this.#opens, userId, () => {
      const perMinute = config.get<number>('board_sync.opensPerMinute')
      return new Bucket(perMinute / 60, perMinute)
    })
    const wait = bucket.waitFor(1)
    if (wait > 0) {
      throw new UpgradeRefused(
        429,
        'rate_limited',
        'This account opened too many board sockets; try again shortly',
        Math.ceil(wait / 1000)
      )
    }
    bucket.take(1)
  }

  #reserve(userId: string) {
    const open = this.#perUser.get(userId) ?? 0
    const max = config.get<number>('board_sync.maxConnectionsPerUser')
    if (open >= max) {
      throw new UpgradeRefused(
        429,
        'too_many_connections',
        `An account may hold ${max} board sockets at once`
      )
    }
    this.#perUser.set(userId, open + 1)
  }

  #unreserve(userId: string) {
    const open = (this.#perUser.get(userId) ?? 1) - 1
    if (open > 0) this.#perUser.set(userId, open)
    else this.#perUser.delete(userId)
  }

  #connected(
    ws: WebSocket,
    identity: SyncIdentity,
    board: Board,
    readOnlyBecause: string | null,
    doc: Y.Doc
  ) {
    let room = this.#rooms.get(board.id)
    // A room whose document the store has since dropped (a failed write) is on its way out.
    if (room && room.doc !== doc) {
      this.#dropRoom(board.id, CLOSE.internalError, 'The board could not be saved; reconnect')
      room = undefined
    }
    if (!room) {
      room = new BoardRoom(board.id, board.channelId, doc)
      this.#rooms.set(board.id, room)
    }
    const joined = room
    const connection = new SyncConnection(ws, identity, board.id)
    room.connections.add(connection)
    this.#connections.add(connection)

    ws.on('error', () => ws.terminate())
    ws.on('close', () => this.#disconnected(joined, connection, doc))
    ws.on('message', (data, isBinary) => this.#receive(joined, connection, data, isBinary))
    connection.startPinging(config.get<number>('board_sync.pingIntervalMs'))

    connection.send(syncStep1(doc))
    const awareness = room.awareness.snapshot()
    if (awareness) connection.send(awareness)
    connection.setAccess(readOnlyBecause)
  }

  #disconnected(room: BoardRoom, connection: SyncConnection, doc: Y.Doc) {
    connection.stopPinging()
    room.leave(connection)
    this.#connections.delete(connection)
    this.#unreserve(connection.userId)
    documentStore.release(room.boardId, doc)
    if (room.connections.size === 0 && this.#rooms.get(room.boardId) === room) {
      this.#rooms.delete(room.boardId)
      room.destroy()
    }
  }

  #receive(room: BoardRoom, connection: SyncConnection, data: RawData, isBinary: boolean) {
    if (!isBinary) return connection.close(CLOSE.unsupported, 'Binary messages only')
    let message: ClientMessage
    try {
      message = readMessage(ownBytes(data))
    } catch (error) {
      const code = error instanceof ProtocolError ? error.code : CLOSE.malformed
      return connection.close(code, (error as Error).message)
    }
    switch (message.type) {
      case 'sync-step-1':
        return void this.#answerStep1(room, connection, message.stateVector)
      case 'sync-step-2':
      case 'update':
        return this.#takeUpdate(room, connection, message.update)
      case 'awareness':
        try {
          room.awareness.receive(connection, message.update)
        } catch (error) {
          const code = error instanceof ProtocolError ? error.code : CLOSE.malformed
          connection.close(code, 'Malformed awareness update')
        }
        return
      case 'query-awareness': {
        // Every state at once, like a sync answer: as few times a minute, counted together.
        const awareness = connection.admitsSyncAnswer() ? room.awareness.snapshot() : null
        if (awareness) connection.send(awareness)
      }
    }
  }

  /**
   * Sync step 2 tells only what is written: pending writes of the board go first. A client
   * needs one answer per connection; past a few a minute, step 1 is ignored (each answer may
   * be the whole document), and answers are encoded once per document version.
   */
  async #answerStep1(room: BoardRoom, connection: SyncConnection, stateVector: Uint8Array) {
    if (!connection.admitsSyncAnswer()) return
    try {
      await documentStore.whenPersisted(room.boardId)
    } catch {
      return connection.close(CLOSE.internalError, 'The board could not be saved; reconnect')
    }
    if (!connection.isOpen) return
    try {
      connection.send(syncAnswer(room.doc, stateVector))
    } catch {
      connection.close(CLOSE.malformed, 'Malformed state vector')
    }
  }

  /**
   * Takes an update in its turn: applied now when the account's write budget allows, else
   * held in order with the socket paused until the budget refills (nothing is dropped).
   */
  #takeUpdate(room: BoardRoom, connection: SyncConnection, update: Uint8Array) {
    if (!connection.writable) return
    connection.backlog.push(update)
    if (connection.backlog.length === 1) this.#drain(room, connection)
  }

  #drain(room: BoardRoom, connection: SyncConnection) {
    const budget = this.#budgetOf(connection.userId)
    while (connection.backlog.length > 0 && connection.isOpen) {
      const wait = budget.waitFor(connection.backlog[0].length)
      if (wait > 0) {
        connection.socket.pause()
        setTimeout(() => this.#drain(room, connection), wait).unref()
        return
      }
      if (!this.#turnLeft()) {
        connection.socket.pause()
        setImmediate(() => this.#drain(room, connection))
        return
      }
      this.#applyUpdate(room, connection, connection.backlog.shift()!, budget)
    }
    connection.backlog.length = 0
    if (connection.isOpen) connection.socket.resume()
  }

  /** Whether this turn of the event loop may still apply an update (see TURN_MS). */
  #turnLeft() {
    const now = performance.now()
    if (this.#turnStarted === null) {
      this.#turnStarted = now
      setImmediate(() => (this.#turnStarted = null))
    }
    return now - this.#turnStarted < TURN_MS
  }

  #budgetOf(userId: string) {
    return this.#perAccount(this.#budgets, userId, () => new WriteBudget())
  }

  /**
   * An account's entry of a per-account map, made when missing. Entries outlive sockets
   * (reconnecting refills nothing); past MAX_BUDGETS, those of accounts with no socket go.
   */
  #perAccount<T>(map: Map<string, T>, userId: string, create: () => T) {
    let entry = map.get(userId)
    if (!entry) {
      if (map.size >= MAX_BUDGETS) {
        for (const id of map.keys()) if (!this.#perUser.has(id)) map.delete(id)
      }
      entry = create()
      map.set(userId, entry)
    }
    return entry
  }

  /** Read-only sockets' updates are dropped (never applied, stored or broadcast). */
  #applyUpdate(
    room: BoardRoom,
    connection: SyncConnection,
    update: Uint8Array,
    budget: WriteBudget
  ) {
    if (!connection.writable) return
    try {
      const { structs } = documentStore.apply(room.boardId, update, connection, connection.userId)
      budget.charge(update.length, structs)
    } catch (error) {
      budget.charge(update.length, 0)
      if (!(error instanceof DocumentRefused)) {
        logger.error({ err: error, boardId: room.boardId }, 'a board update failed')
        return connection.close(CLOSE.internalError, 'The update failed')
      }
      connection.close(REFUSAL_CLOSE[error.reason], error.message)
    }
  }

  /**
   * Sends written updates to the board's sockets, each but to the socket it came from. A
   * batch goes as one merged update per socket (one send, not one per update): the same
   * merge for every socket that wrote none of it, one without its own for each that did.
   */
  #broadcast(boardId: string, updates: DocumentUpdate[]) {
    const room = this.#rooms.get(boardId)
    if (!room || room.connections.size === 0) return
    if (updates.length === 1) {
      const [{ update, origin }] = updates
      return room.broadcast(
        updateMessage(update),
        origin instanceof SyncConnection ? origin : undefined
      )
    }
    const writers = new Set(updates.map(({ origin }) => origin))
    let everything: Uint8Array | null = null
    for (const connection of room.connections) {
      if (!writers.has(connection)) {
        everything ??= updateMessage(Y.mergeUpdates(updates.map(({ update }) => update)))
        connection.send(everything)
        continue
      }
      const others = updates
        .filter(({ origin }) => origin !== connection)
        .map(({ update }) => update)
      if (others.length > 0) connection.send(updateMessage(Y.mergeUpdates(others)))
    }
  }

  async #recheck(connection: SyncConnection) {
    try {
      const user = await User.find(connection.userId)
      if (!user || !user.isActive) {
        return connection.close(CLOSE.revoked, 'Access to this board was revoked')
      }
      user.currentAccessToken = connection.identity.token ?? undefined
      const identity = { ...connection.identity, user }
      const access = await findVisibleBoard(user, connection.boardId).catch((error) => {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      })
      if (!access) return connection.close(CLOSE.revoked, 'Access to this board was revoked')
      const promoted = connection.setAccess(readOnlyReason(identity, access))
      // Its updates were dropped while it was read-only: sync step 1 asks for what we lack.
      const room = this.#rooms.get(connection.boardId)
      if (promoted && room) connection.send(syncStep1(room.doc))
    } catch (error) {
      logger.error({ err: error, boardId: connection.boardId }, 'board access re-check failed')
    }
  }

  #dropRoom(boardId: string, code: number, reason: string) {
    const room = this.#rooms.get(boardId)
    if (!room) return
    this.#rooms.delete(boardId)
    for (const connection of room.connections) connection.close(code, reason)
    room.destroy()
  }
}

/** The board sync server of this process. */
export const boardSync = new BoardSyncServer()

/** Re-checks the sockets on a board now (see BoardSyncServer.refreshAccess). */
export const refreshAccess = (boardId: string, userId?: string) =>
  boardSync.refreshAccess(boardId, userId)

/** Disconnects a user from one board, or from all (null), for good. */
export const disconnectUser = (boardId: string | null, userId: string) =>
  boardSync.disconnectUser(boardId, userId)

/** Closes a deleted board's sockets and forgets its document. */
export const closeBoard = (boardId: string) => boardSync.closeBoard(boardId)

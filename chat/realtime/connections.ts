import type { ServerResponse } from 'node:http'
import transmit from '@adonisjs/transmit/services/main'
import type User from '#app/models/user'
import { credentialKey, type Credential } from '#app/auth/credentials'

type Stream = ReturnType<typeof transmit.createStream>

/** One open SSE stream: who opened it, with which session or token, and its response. */
export type Connection = {
  uid: string
  user: User
  credential: Credential
  stream: Stream
  response: ServerResponse
  /** Settles once the response has closed and the connection is forgotten. */
  closed: Promise<void>
}

/** A stream asked to end that has not closed by then (its client is not reading) is cut. */
const END_GRACE_MS = 1000

/**
 * The SSE streams of this process, each with the user and credential it was
 * opened with. A client id (uid) names at most one live stream: opening it
 * again ends the older stream first (`release`), so no stream outlives the
 * registry's knowledge of it. A uid belongs to the user who opened it:
 * nobody else may subscribe or unsubscribe it.
 */
class Connections {
  #byUid = new Map<string, Connection>()
  #byUser = new Map<string, Set<Connection>>()

  /**
   * Registers a stream Transmit just created for a free uid (see release);
   * it is forgotten when its response closes.
   */
  add(opened: Omit<Connection, 'closed'>) {
    let settle!: () => void
    const connection: Connection = { ...opened, closed: new Promise((done) => (settle = done)) }
    // Transmit's own close listener (registered first, in createStream) drops the stream.
    opened.response.once('close', () => {
      this.#forget(connection)
      settle()
    })
    this.#byUid.set(connection.uid, connection)
    if (!this.#byUser.has(connection.user.id)) this.#byUser.set(connection.user.id, new Set())
    this.#byUser.get(connection.user.id)!.add(connection)
  }

  /** Ends the stream of this uid, if any, and resolves once the uid is free. */
  async release(uid: string) {
    for (let open = this.#byUid.get(uid); open; open = this.#byUid.get(uid)) await this.end(open)
  }

  /** Ends a stream (the client sees it close) and resolves once it has closed. */
  end(connection: Connection) {
    if (!connection.stream.writableEnded) connection.stream.end()
    const cut = setTimeout(() => connection.response.destroy(), END_GRACE_MS)
    cut.unref()
    return connection.closed.finally(() => clearTimeout(cut))
  }

  get(uid: string) {
    return this.#byUid.get(uid) ?? null
  }

  ownerOf(uid: string) {
    return this.#byUid.get(uid)?.user.id ?? null
  }

  uidsOf(userId: string) {
    return this.of(userId).map((connection) => connection.uid)
  }

  of(userId: string) {
    return [...(this.#byUser.get(userId) ?? [])]
  }

  all() {
    return [...this.#byUid.values()]
  }

  isConnected(userId: string) {
    return this.#byUser.has(userId)
  }

  /** The streams (Transmit channels) a connection is subscribed to now. */
  subscriptionsOf(connection: Connection) {
    return [...(transmit.getManager().getAllSubscribers().get(connection.stream) ?? [])]
  }

  /** Ends every stream of this process (shutting down). */
  async closeEverything() {
    await Promise.all(this.all().map((connection) => this.end(connection)))
  }

  /** Ends every stream of a user (their account was deactivated). */
  closeAll(userId: string) {
    for (const connection of this.of(userId)) void this.end(connection)
  }

  /** Ends the streams of a user opened with any of these credentials (sessions, tokens). */
  closeOpenedWith(userId: string, credentials: Credential[]) {
    const keys = new Set(credentials.map(credentialKey))
    for (const connection of this.of(userId)) {
      if (keys.has(credentialKey(connection.credential))) void this.end(connection)
    }
  }

  #forget(connection: Connection) {
    if (this.#byUid.get(connection.uid) === connection) this.#byUid.delete(connection.uid)
    const open = this.#byUser.get(connection.user.id)
    open?.delete(connection)
    if (open?.size === 0) this.#byUser.delete(connection.user.id)
  }
}

export const connections = new Connections()

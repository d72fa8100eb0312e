import type transmit from '@adonisjs/transmit/services/main'

type Stream = ReturnType<typeof transmit.createStream>

type Connection = { userId: string; stream: Stream }

/**
 * The SSE connections of this process, by the client id (uid) the Transmit
 * client chose, with the user each belongs to. A uid belongs to the user who
 * opened it: nobody else may subscribe or unsubscribe it.
 */
class Connections {
  #byUid = new Map<string, Connection>()
  #byUser = new Map<string, Set<string>>()

  add(uid: string, userId: string, stream: Stream) {
    this.remove(uid)
    this.#byUid.set(uid, { userId, stream })
    if (!this.#byUser.has(userId)) this.#byUser.set(userId, new Set())
    this.#byUser.get(userId)!.add(uid)
  }

  /** Forgets a connection; returns the user it belonged to. */
  remove(uid: string) {
    const connection = this.#byUid.get(uid)
    if (!connection) return null
    this.#byUid.delete(uid)
    const uids = this.#byUser.get(connection.userId)
    uids?.delete(uid)
    if (uids?.size === 0) this.#byUser.delete(connection.userId)
    return connection.userId
  }

  ownerOf(uid: string) {
    return this.#byUid.get(uid)?.userId ?? null
  }

  uidsOf(userId: string) {
    return [...(this.#byUser.get(userId) ?? [])]
  }

  isConnected(userId: string) {
    return this.#byUser.has(userId)
  }

  /** Ends every stream of this process (shutting down). */
  closeEverything() {
    for (const connection of this.#byUid.values()) connection.stream.end()
    this.#byUid.clear()
    this.#byUser.clear()
  }

  /** Ends every stream of a user (their account was deactivated). */
  closeAll(userId: string) {
    for (const uid of this.uidsOf(userId)) this.#byUid.get(uid)?.stream.end()
  }
}

export const connections = new Connections()

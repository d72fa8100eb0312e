import type * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { SyncConnection } from '#boards/sync/sync_connection'
import { awarenessMessage } from '#boards/sync/protocol'

type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] }

/**
 * The sockets open on one board, its shared document and its awareness
 * (presence and cursors: relayed, never stored). Lives while a socket does.
 */
export class BoardRoom {
  readonly connections = new Set<SyncConnection>()
  readonly awareness: awarenessProtocol.Awareness

  constructor(
    readonly boardId: string,
    readonly channelId: string,
    readonly doc: Y.Doc
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    this.awareness.setLocalState(null)
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) =>
      this.#relayAwareness(changes, origin)
    )
  }

  /** Sends a message to every socket but `except` (the one it came from). */
  broadcast(message: Uint8Array, except?: SyncConnection) {
    for (const connection of this.connections) {
      if (connection !== except) connection.send(message)
    }
  }

  /** Forgets a socket and the awareness states it set (the others hear they left). */
  leave(connection: SyncConnection) {
    this.connections.delete(connection)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessClients], null)
  }

  /** The current awareness states, for a socket that just joined (null when there are none). */
  awarenessSnapshot() {
    const clients = [...this.awareness.getStates().keys()]
    return clients.length > 0 ? awarenessMessage(this.awareness, clients) : null
  }

  destroy() {
    this.awareness.destroy()
  }

  #relayAwareness({ added, updated, removed }: AwarenessChanges, origin: unknown) {
    if (origin instanceof SyncConnection) {
      for (const client of added) origin.awarenessClients.add(client)
      for (const client of removed) origin.awarenessClients.delete(client)
    }
    this.broadcast(awarenessMessage(this.awareness, [...added, ...updated, ...removed]))
  }
}

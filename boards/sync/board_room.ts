import type * as Y from 'yjs'
import type { SyncConnection } from '#boards/sync/sync_connection'
import { BoardAwareness } from '#boards/sync/board_awareness'

/**
 * The sockets open on one board, its shared document and its awareness
 * (presence and cursors: relayed, never stored). Lives while a socket does.
 */
export class BoardRoom {
  readonly connections = new Set<SyncConnection>()
  readonly awareness: BoardAwareness

  constructor(
    readonly boardId: string,
    readonly channelId: string,
    readonly doc: Y.Doc
  ) {
    this.awareness = new BoardAwareness(doc, (message) => this.broadcast(message))
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
    this.awareness.leave(connection)
  }

  destroy() {
    this.awareness.destroy()
  }
}

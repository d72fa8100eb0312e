/**
 * Board documents: the live sync socket (`boards/sync`) and the document
 * store behind it (`boards/services/document_store.ts`). Read at the moment
 * they apply (a new socket, a new write), so tests may change them with
 * `config.set('board_sync.…')`; `maxMessageBytes` is read when the socket
 * server is attached.
 */
const boardSyncConfig = {
  /** Largest message a socket may send; a larger one closes it with 1009. */
  maxMessageBytes: 1024 * 1024,
  /** Sockets one account may hold at once, over every board; one more is a 429. */
  maxConnectionsPerUser: 20,
  /** Each socket is pinged this often; one that did not answer the last ping is dropped. */
  pingIntervalMs: 30_000,
  /** How long a sync ticket (`POST /api/v1/boards/:id/sync-ticket`) stays valid. */
  ticketTtlMs: 60_000,

  documents: {
    /** The encoded state a document may grow to; updates beyond it are refused. */
    maxDocumentBytes: 20 * 1024 * 1024,
    /** A document nobody is connected to and nobody wrote for this long leaves memory. */
    idleUnloadMs: 60_000,
    /** Past this many log rows after the snapshot, the document is compacted. */
    compactAfterUpdates: 500,
    /** Updates arriving within this window are written in one multi-row insert. */
    writeBatchMs: 2,
  },
}

export default boardSyncConfig

import env from '#start/env'

/** BOARD_UPDATE_RATE_LIMIT: board updates per account per second (README, "Configuration"). */
const UPDATES_PER_SECOND = env.get('BOARD_UPDATE_RATE_LIMIT', 200)

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
  /**
   * Sockets one account may open a minute (and at once, as a burst); past it an upgrade is a
   * 429 with Retry-After. The provider reconnects a few times a minute at most.
   */
  opensPerMinute: 60,
  /** Sockets one account may hold at once, over every board; one more is a 429. */
  maxConnectionsPerUser: 20,
  /** Each socket is pinged this often; one that did not answer the last ping is dropped. */
  pingIntervalMs: 30_000,
  /**
   * How often every socket's session or token is checked again, for those ended where no
   * event reaches this process (an ace command, expiry); an ended one closes with 4403.
   */
  credentialCheckMs: 30_000,
  /** How long a sync ticket (`POST /api/v1/boards/:id/sync-ticket`) stays valid. */
  ticketTtlMs: 60_000,
  /**
   * A socket whose unsent output passes this (a client that does not read) is dropped: the
   * server never queues without bound. Above the largest document, so a first sync fits.
   */
  maxBufferedBytes: 32 * 1024 * 1024,
  /**
   * Sync step 1 (asking for the whole state) and awareness queries (for every state) are
   * answered this many times per socket per minute, together.
   */
  syncAnswersPerMinute: 4,
  /**
   * Awareness (presence, cursors), relayed and never stored. A socket sets the states of at
   * most `statesPerSocket` client ids, the ones it introduced (never one that another
   * account's socket holds), each at most `maxStateBytes` of JSON, changed at most
   * `updatesPerSecond` (up to `burstUpdates` at once). Entries past these are dropped unrelayed.
   */
  awareness: {
    statesPerSocket: 4,
    maxStateBytes: 4 * 1024,
    updatesPerSecond: 20,
    burstUpdates: 40,
  },
  /**
   * What one account may write over its board sockets: a bucket of updates (messages), one
   * of bytes and one of structs (the items Yjs keeps in memory), each refilled per second up
   * to its burst. Past any, its sockets are paused (their updates wait, in order) until the
   * bucket refills. A person typing sends a few updates a second.
   */
  writeBudget: {
    updatesPerSecond: UPDATES_PER_SECOND,
    burstUpdates: UPDATES_PER_SECOND,
    bytesPerSecond: 512 * 1024,
    burstBytes: 2 * 1024 * 1024,
    structsPerSecond: 5_000,
    burstStructs: 20_000,
  },

  documents: {
    /** The encoded state a document may grow to; updates beyond it are refused. */
    maxDocumentBytes: 20 * 1024 * 1024,
    /** A document nobody is connected to and nobody wrote for this long leaves memory. */
    idleUnloadMs: 60_000,
    /** Past this many log rows after the snapshot, the document is compacted. */
    compactAfterUpdates: 500,
    /** Updates arriving within this window are written in one multi-row insert. */
    writeBatchMs: 2,
    /** Structs (Yjs items) one update may carry: what applying it costs in time and memory. */
    maxStructsPerUpdate: 3_000,
    /** Structs a document may hold: its memory grows with these, not with its bytes. */
    maxStructsPerDocument: 400_000,
    /** Documents this process keeps in memory at once; idle ones leave first. */
    maxLoadedDocuments: 1_000,
    /** Structs over every document in memory: the memory all boards may take together. */
    maxLoadedStructs: 4_000_000,
  },
}

export default boardSyncConfig

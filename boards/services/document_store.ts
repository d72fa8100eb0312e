import * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import config from '@adonisjs/core/services/config'
import logger from '@adonisjs/core/services/logger'
import { dbTimestamp } from '#app/helpers/dates'
import type boardSyncConfig from '#config/board_sync'
import { cardsOf } from '#boards/document/index'
import { inspectUpdate, UpdateRejected, type Inspection } from '#boards/services/update_guard'

type Settings = (typeof boardSyncConfig)['documents']

type UnloadListener = (boardId: string, reason: UnloadReason, doc: Y.Doc) => void | Promise<void>

/** One accepted change of a document and who made it (a socket, or server code). */
export type DocumentUpdate = { update: Uint8Array; origin: unknown }

/** Why a document left memory: idle, the process stopping, its board deleted, a failed write. */
export type UnloadReason = 'idle' | 'closed' | 'deleted' | 'failed'

export type RefusalReason = 'malformed' | 'update_too_large' | 'too_large' | 'unavailable'

const REFUSAL_STATUS: Record<RefusalReason, { status: number; code: string }> = {
  malformed: { status: 422, code: 'invalid_update' },
  update_too_large: { status: 413, code: 'update_too_large' },
  too_large: { status: 413, code: 'document_too_large' },
  unavailable: { status: 503, code: 'board_unavailable' },
}

/**
 * An update the store would not take: nothing of it was applied, stored or broadcast. Over
 * HTTP it is answered with our error shape (`status`, `code`), never as a server fault.
 */
export class DocumentRefused extends Error {
  readonly status: number
  readonly code: string
  readonly headers: Record<string, string>

  constructor(
    readonly reason: RefusalReason,
    message: string
  ) {
    super(message)
    this.status = REFUSAL_STATUS[reason].status
    this.code = REFUSAL_STATUS[reason].code
    this.headers = reason === 'unavailable' ? { 'Retry-After': '5' } : {}
  }
}

/** Write attempts before a board is given up on (its sockets close, clients re-send on reconnect). */
const WRITE_ATTEMPTS = 3

/** Rows of one insert: a few MB at most, under MySQL's default packet limit. */
const INSERT_CHUNK_BYTES = 4 * 1024 * 1024

type Entry = {
  boardId: string
  doc: Y.Doc
  refs: number
  /** Applied to the doc, not yet written. */
  queue: DocumentUpdate[]
  /** Writes and compactions of this board, one at a time, in order. */
  chain: Promise<unknown>
  batchTimer: NodeJS.Timeout | null
  idleTimer: NodeJS.Timeout | null
  lastActivity: number
  /** Log rows after the snapshot. */
  tailRows: number
  /** An upper estimate of the encoded state's size: exact after load and compaction, plus what was written since. */
  sizeEstimate: number
  /** The last log row this copy holds (read at load, or written by it): compaction covers no more. */
  lastUpdateId: number
  unloading: Promise<void> | null
  broken: boolean
}

function settings(): Settings {
  return config.get('board_sync.documents')
}

function bytesOf(value: Buffer | Uint8Array | string) {
  if (typeof value === 'string') return new Uint8Array(Buffer.from(value, 'binary'))
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
}

/** How many structs a document holds: what its memory grows with, far more than its bytes. */
export function structCount(doc: Y.Doc) {
  let count = 0
  for (const structs of doc.store.clients.values()) count += structs.length
  return count
}

/**
 * Forgets what a document could not integrate (structs or deletes that depend on changes
 * never stored). Such data is never kept: it is not in the log, and folded into a snapshot
 * it would come back pending, growing the board with every save.
 */
function dropPending(doc: Y.Doc, boardId: string) {
  if (!doc.store.pendingStructs && !doc.store.pendingDs) return
  logger.warn({ boardId }, 'dropped pending board changes that depend on changes never stored')
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
}

/**
 * Reads a board's document from the database without caching it: the
 * snapshot, then the log rows after it in order. A row that does not apply
 * is skipped and logged with its id; the rest of the board still loads.
 * `lastUpdateId` is the last log row the document holds: a compaction of
 * this copy may delete rows up to it and no further.
 */
export async function readDocument(boardId: string) {
  const doc = new Y.Doc()
  const snapshot = await db
    .from('board_snapshots')
    .where('board_id', boardId)
    .select('data', 'last_update_id')
    .first()
  if (snapshot) {
    try {
      Y.applyUpdate(doc, bytesOf(snapshot.data))
    } catch (error) {
      logger.error({ err: error, boardId }, 'board snapshot does not apply; loading the log alone')
    }
  }
  const rows = await db
    .from('board_updates')
    .where('board_id', boardId)
    .where('id', '>', snapshot?.last_update_id ?? 0)
    .orderBy('id')
    .select('id', 'data')
  const skipped: string[] = []
  for (const row of rows) {
    try {
      Y.applyUpdate(doc, bytesOf(row.data))
    } catch (error) {
      skipped.push(String(row.id))
      logger.error(
        { err: error, boardId, updateId: String(row.id) },
        'skipped a corrupt board update'
      )
    }
  }
  dropPending(doc, boardId)
  const lastUpdateId = Number(rows.at(-1)?.id ?? snapshot?.last_update_id ?? 0)
  return { doc, tailRows: rows.length, skipped, lastUpdateId }
}

/**
 * The live copies of board documents in this process and their persistence.
 *
 * Every change accepted (from a socket or from server code) is appended to
 * `board_updates` before listeners hear of it, so the sync server broadcasts
 * only what is stored (write-ahead). Changes arriving within `writeBatchMs`
 * share one multi-row insert. Past `compactAfterUpdates` log rows, and when a
 * document leaves memory, its state becomes the snapshot and the rows it
 * covers are deleted, in one transaction.
 *
 * A compaction deletes only the rows its copy holds, so a console process
 * compacting while the server writes loses nothing.
 */
export class DocumentStore {
  #entries = new Map<string, Entry>()
  #loading = new Map<string, Promise<void>>()
  #persisted = new Set<(boardId: string, updates: DocumentUpdate[]) => void>()
  #changed = new Set<(boardId: string, doc: Y.Doc) => void>()
  #unloaded = new Set<UnloadListener>()
  #loaded = new Set<(boardId: string, doc: Y.Doc) => void>()

  /**
   * The board's live document, loaded if needed; counts one user of it
   * (a socket) until `release`. Throws when the database cannot be read.
   */
  async open(boardId: string): Promise<Y.Doc> {
    for (;;) {
      const entry = this.#entries.get(boardId)
      if (entry?.unloading) {
        await entry.unloading
        continue
      }
      if (entry) {
        entry.refs++
        this.#touch(entry)
        return entry.doc
      }
      let loading = this.#loading.get(boardId)
      if (!loading) {
        loading = this.#load(boardId).finally(() => this.#loading.delete(boardId))
        this.#loading.set(boardId, loading)
      }
      await loading
    }
  }

  /**
   * Ends one use of a document (the one `open` gave: a use of a document
   * dropped since is ignored); with none left and no writes, it unloads after
   * `idleUnloadMs`.
   */
  release(boardId: string, doc: Y.Doc) {
    const entry = this.#entries.get(boardId)
    if (!entry || entry.doc !== doc || entry.refs === 0) return
    entry.refs--
    this.#touch(entry)
  }

  /**
   * Applies a client's update to a loaded document, made by `author` (the
   * user the socket authenticated). Throws DocumentRefused, having changed
   * nothing, when it does not decode, depends on changes never received,
   * steps outside the board schema or its limits (update_guard.ts), or would
   * grow the document past `maxDocumentBytes` or `maxStructsPerDocument`.
   * Cards it changes without naming their editor are stamped with `author`.
   */
  apply(boardId: string, update: Uint8Array, origin: unknown, author: string): Inspection {
    const entry = this.#live(boardId)
    const limits = settings()
    let inspection: Inspection
    try {
      inspection = inspectUpdate(entry.doc, update, author, limits)
    } catch (error) {
      if (!(error instanceof UpdateRejected)) throw error
      const reason = error.reason === 'too_many_structs' ? 'update_too_large' : 'malformed'
      throw new DocumentRefused(reason, error.message)
    }
    this.#assertRoom(entry, update, inspection.structs)
    try {
      Y.applyUpdate(entry.doc, update, origin)
    } catch (error) {
      throw new DocumentRefused(
        'malformed',
        `The update does not apply: ${(error as Error).message}`
      )
    }
    this.#stamp(entry.doc, inspection, author)
    return inspection
  }

  /**
   * The server keeps a card's authorship true: a card a client changed without naming its
   * editor gets `updatedBy`/`updatedAt` (and a new one its creator) from the server, in a
   * change of its own that every socket receives.
   */
  #stamp(doc: Y.Doc, inspection: Inspection, author: string) {
    const unstamped = [...inspection.cards].filter((id) => !inspection.stampedCards.has(id))
    if (unstamped.length === 0) return
    const now = new Date().toISOString()
    doc.transact(
      () => {
        for (const id of unstamped) {
          const card = cardsOf(doc).get(id)
          if (!(card instanceof Y.Map)) continue
          if (inspection.createdCards.has(id) && card.get('createdBy') !== author) {
            card.set('createdBy', author)
            card.set('createdAt', now)
          }
          card.set('updatedBy', author)
          card.set('updatedAt', now)
        }
      },
      { userId: author, via: 'stamp' }
    )
  }

  /**
   * Changes a board's document from server code (REST writes, templates,
   * ace): the change is stored and broadcast like a client's. Resolves once
   * it is written. Refused when the document is already at its size cap.
   */
  async transact<T>(boardId: string, change: (doc: Y.Doc) => T, origin: unknown = 'server') {
    const doc = await this.open(boardId)
    try {
      const entry = this.#live(boardId)
      this.#assertRoom(entry, new Uint8Array(0), 0)
      const result = doc.transact(() => change(doc), origin)
      await this.whenPersisted(boardId)
      return result
    } finally {
      this.release(boardId, doc)
    }
  }

  /** Resolves once every change applied so far to a loaded board is written. */
  async whenPersisted(boardId: string) {
    const entry = this.#entries.get(boardId)
    if (!entry) return
    this.#clearBatch(entry)
    await this.#enqueue(entry, () => this.#write(entry))
  }

  /**
   * Folds a board's log into its snapshot now (admin console). Answers how
   * many log rows were folded and the snapshot's size.
   */
  async compact(boardId: string) {
    const doc = await this.open(boardId)
    try {
      const entry = this.#live(boardId)
      this.#clearBatch(entry)
      return await this.#enqueue(entry, async () => {
        await this.#write(entry)
        return this.#compact(entry)
      })
    } finally {
      this.release(boardId, doc)
    }
  }

  /** Forgets a deleted board at once: nothing more is written for it. */
  discard(boardId: string) {
    const entry = this.#entries.get(boardId)
    if (!entry) return
    entry.broken = true
    entry.queue.length = 0
    this.#drop(entry, 'deleted')
  }

  /** Waits until every change applied so far, on every board, is written. */
  async flush() {
    await Promise.all([...this.#entries.keys()].map((boardId) => this.whenPersisted(boardId)))
  }

  /** Writes what is pending, compacts and unloads every document (shutdown; tests). */
  async close() {
    await Promise.all([...this.#loading.values()].map((loading) => loading.catch(() => {})))
    await Promise.all([...this.#entries.values()].map((entry) => this.#unload(entry, 'closed')))
  }

  /** Whether a board's document is in memory. */
  isLoaded(boardId: string) {
    return this.#entries.has(boardId)
  }

  /** Hears each batch of updates once it is written, in order (the sync server broadcasts them). */
  onPersisted(listener: (boardId: string, updates: DocumentUpdate[]) => void) {
    this.#persisted.add(listener)
    return () => this.#persisted.delete(listener)
  }

  /** Listens for a board's document coming into memory, before anyone changes it. */
  onDocumentLoaded(listener: (boardId: string, doc: Y.Doc) => void) {
    this.#loaded.add(listener)
    return () => this.#loaded.delete(listener)
  }

  /**
   * Hears every written change of a document, right after it is stored (one
   * call per write, which may hold several updates): for the SQL projection.
   */
  onDocumentChanged(listener: (boardId: string, doc: Y.Doc) => void) {
    this.#changed.add(listener)
    return () => this.#changed.delete(listener)
  }

  /**
   * Hears a document leave memory, and why, with the document as it was last
   * written. When it leaves because it is idle or the store closes, a promise
   * the listener returns is awaited first (a last projection, say), so
   * `close()` ends with every listener's work done.
   */
  onDocumentUnloaded(listener: UnloadListener) {
    this.#unloaded.add(listener)
    return () => this.#unloaded.delete(listener)
  }

  async #load(boardId: string) {
    await this.#makeRoom()
    const { doc, tailRows, lastUpdateId } = await readDocument(boardId)
    const entry: Entry = {
      boardId,
      doc,
      refs: 0,
      queue: [],
      chain: Promise.resolve(),
      batchTimer: null,
      idleTimer: null,
      lastActivity: Date.now(),
      tailRows,
      sizeEstimate: Y.encodeStateAsUpdate(doc).length,
      lastUpdateId,
      unloading: null,
      broken: false,
    }
    doc.on('update', (update: Uint8Array, origin: unknown) => this.#accepted(entry, update, origin))
    this.#entries.set(boardId, entry)
    this.#notify(this.#loaded, boardId, doc)
  }

  #live(boardId: string) {
    const entry = this.#entries.get(boardId)
    if (!entry || entry.broken || entry.unloading) {
      throw new DocumentRefused('unavailable', 'The board document is not open')
    }
    return entry
  }

  #accepted(entry: Entry, update: Uint8Array, origin: unknown) {
    if (entry.broken) return
    entry.queue.push({ update, origin })
    entry.sizeEstimate += update.length
    this.#touch(entry)
    if (entry.batchTimer) return
    entry.batchTimer = setTimeout(() => {
      entry.batchTimer = null
      this.#enqueue(entry, () => this.#write(entry)).catch(() => {})
    }, settings().writeBatchMs)
  }

  /**
   * Refuses growth past the caps: the encoded size (the estimate is checked first; near the
   * cap the exact size is computed, and only what is new to the document counts) and the
   * number of structs, which is what memory grows with.
   */
  #assertRoom(entry: Entry, update: Uint8Array, structs: number) {
    const { maxDocumentBytes: max, maxStructsPerDocument } = settings()
    if (structs > 0 && structCount(entry.doc) + structs > maxStructsPerDocument) {
      throw new DocumentRefused(
        'too_large',
        `A board document may not hold more than ${maxStructsPerDocument} changes; ` +
          'compact it or archive old cards'
      )
    }
    if (entry.sizeEstimate + update.length <= max) return
    entry.sizeEstimate = Y.encodeStateAsUpdate(entry.doc).length
    if (entry.sizeEstimate + update.length <= max) return
    const fresh = update.length > 0 ? Y.diffUpdate(update, Y.encodeStateVector(entry.doc)) : update
    if (entry.sizeEstimate < max && entry.sizeEstimate + fresh.length <= max) return
    throw new DocumentRefused('too_large', `A board document may not exceed ${max} bytes`)
  }

  /**
   * Keeps the documents in memory within `maxLoadedDocuments` and `maxLoadedStructs`:
   * before one more loads, idle ones (no socket, no pending write) leave, least recently
   * used first; when there are not enough of those, the open is refused for now.
   */
  async #makeRoom() {
    const { maxLoadedDocuments, maxLoadedStructs } = settings()
    const entries = [...this.#entries.values()]
    let count = entries.length
    let structs = entries.reduce((sum, entry) => sum + structCount(entry.doc), 0)
    if (count < maxLoadedDocuments && structs < maxLoadedStructs) return
    const idle = entries
      .filter((entry) => entry.refs === 0 && !entry.unloading && !entry.broken)
      .sort((a, b) => a.lastActivity - b.lastActivity)
    const leaving: Promise<void>[] = []
    for (const entry of idle) {
      if (count < maxLoadedDocuments && structs < maxLoadedStructs) break
      count--
      structs -= structCount(entry.doc)
      leaving.push(this.#unload(entry, 'idle'))
    }
    await Promise.all(leaving)
    if (count >= maxLoadedDocuments || structs >= maxLoadedStructs) {
      throw new DocumentRefused(
        'unavailable',
        'This server holds as many open boards as it may; try again shortly'
      )
    }
  }

  #enqueue<T>(entry: Entry, step: () => Promise<T>): Promise<T> {
    const next = entry.chain.then(step)
    entry.chain = next.catch(() => {})
    return next
  }

  #clearBatch(entry: Entry) {
    if (entry.batchTimer) clearTimeout(entry.batchTimer)
    entry.batchTimer = null
  }

  /** Writes the queued updates, then lets listeners hear of them: the write-ahead step. */
  async #write(entry: Entry) {
    const batch = entry.queue.splice(0)
    if (batch.length === 0 || entry.broken) return
    try {
      const lastId = await this.#insert(entry.boardId, batch, entry.lastUpdateId)
      if (lastId !== null) entry.lastUpdateId = lastId
    } catch (error) {
      if (!entry.broken) {
        logger.error({ err: error, boardId: entry.boardId }, 'board updates could not be written')
        entry.broken = true
        this.#drop(entry, 'failed')
      }
      throw error
    }
    entry.tailRows += batch.length
    this.#notify(this.#persisted, entry.boardId, batch)
    this.#notify(this.#changed, entry.boardId, entry.doc)
    if (entry.tailRows > settings().compactAfterUpdates) {
      this.#enqueue(entry, () => this.#compact(entry)).catch((error) =>
        logger.error({ err: error, boardId: entry.boardId }, 'board compaction failed')
      )
    }
  }

  /**
   * Appends a batch to the log in one transaction. Answers the id of the last row when every
   * row of the board after `after` is one of this batch (this copy then holds the whole log up
   * to it), or null when another writer's rows are among them.
   */
  async #insert(boardId: string, batch: DocumentUpdate[], after: number): Promise<number | null> {
    const chunks: DocumentUpdate[][] = [[]]
    let bytes = 0
    for (const item of batch) {
      if (bytes + item.update.length > INSERT_CHUNK_BYTES && chunks.at(-1)!.length > 0) {
        chunks.push([])
        bytes = 0
      }
      chunks.at(-1)!.push(item)
      bytes += item.update.length
    }
    for (let attempt = 1; ; attempt++) {
      try {
        // A transaction of its own: on a failure nothing is half written, and an
        // enclosing transaction (tests run in one) is not aborted.
        return await db.transaction(async (trx) => {
          const createdAt = dbTimestamp(trx)
          for (const chunk of chunks) {
            await trx.table('board_updates').multiInsert(
              chunk.map(({ update }) => ({
                board_id: boardId,
                data: Buffer.from(update),
                created_at: createdAt,
              }))
            )
          }
          const ids = await trx
            .from('board_updates')
            .where('board_id', boardId)
            .where('id', '>', after)
            .orderBy('id')
            .select('id')
          if (ids.length !== batch.length) {
            logger.warn({ boardId }, 'another writer appended to this board; compaction holds back')
            return null
          }
          return Number(ids.at(-1)!.id)
        })
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS) throw error
        await new Promise((resolve) => setTimeout(resolve, 50 * 4 ** attempt))
      }
    }
  }

  /**
   * The state becomes the snapshot and the log rows it covers are deleted: rows up to the last
   * one this copy holds (`lastUpdateId`), never a row another process wrote after this copy
   * was read. A newer snapshot already stored (another process compacted meanwhile) is merged
   * in rather than replaced, so a stale copy never takes rows' changes out of the snapshot.
   */
  async #compact(entry: Entry) {
    let state = Y.encodeStateAsUpdate(entry.doc)
    const boardId = entry.boardId
    const last = entry.lastUpdateId
    const removed = await db.transaction(async (trx) => {
      const query = trx.from('board_snapshots').where('board_id', boardId)
      // Another process compacting the board waits here (SQLite writers are serialised anyway).
      if (trx.dialect.name !== 'better-sqlite3') query.forUpdate()
      const stored = await query.select('data', 'last_update_id').first()
      const storedLast = Number(stored?.last_update_id ?? 0)
      if (stored && storedLast > last) state = Y.mergeUpdates([bytesOf(stored.data), state])
      await trx
        .insertQuery()
        .table('board_snapshots')
        .insert({
          board_id: boardId,
          data: Buffer.from(state),
          last_update_id: Math.max(last, storedLast),
          updated_at: dbTimestamp(trx),
        })
        .knexQuery.onConflict('board_id')
        .merge(['data', 'last_update_id', 'updated_at'])
      const deleted = await trx
        .from('board_updates')
        .where('board_id', boardId)
        .where('id', '<=', last)
        .delete()
      return Number(Array.isArray(deleted) ? deleted[0] : deleted)
    })
    entry.tailRows = 0
    entry.sizeEstimate = state.length
    return { removed, bytes: state.length }
  }

  #touch(entry: Entry) {
    entry.lastActivity = Date.now()
    if (entry.refs > 0 || entry.unloading) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer)
      entry.idleTimer = null
      return
    }
    this.#scheduleIdleCheck(entry, settings().idleUnloadMs)
  }

  #scheduleIdleCheck(entry: Entry, delay: number) {
    if (entry.idleTimer) clearTimeout(entry.idleTimer)
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = null
      if (entry.refs > 0 || entry.unloading || this.#entries.get(entry.boardId) !== entry) return
      const idleFor = Date.now() - entry.lastActivity
      const idleMs = settings().idleUnloadMs
      if (idleFor < idleMs) return this.#scheduleIdleCheck(entry, idleMs - idleFor)
      void this.#unload(entry, 'idle')
    }, delay)
    entry.idleTimer.unref()
  }

  #unload(entry: Entry, reason: UnloadReason) {
    if (entry.unloading) return entry.unloading
    this.#clearBatch(entry)
    entry.unloading = (async () => {
      try {
        await this.#enqueue(entry, async () => {
          await this.#write(entry)
          if (entry.tailRows > 0 && !entry.broken) await this.#compact(entry)
        })
      } catch (error) {
        logger.error({ err: error, boardId: entry.boardId }, 'board document unloaded uncompacted')
      }
      await Promise.all(
        [...this.#unloaded].map(async (listener) => {
          try {
            await listener(entry.boardId, reason, entry.doc)
          } catch (error) {
            logger.error({ err: error, boardId: entry.boardId }, 'a board unload listener failed')
          }
        })
      )
      this.#drop(entry, reason, false)
    })()
    return entry.unloading
  }

  /** Forgets a document; listeners hear of it here unless `#unload` already told them. */
  #drop(entry: Entry, reason: UnloadReason, notify = true) {
    this.#clearBatch(entry)
    if (entry.idleTimer) clearTimeout(entry.idleTimer)
    entry.idleTimer = null
    if (this.#entries.get(entry.boardId) !== entry) return
    this.#entries.delete(entry.boardId)
    if (notify) {
      for (const listener of this.#unloaded) {
        Promise.resolve()
          .then(() => listener(entry.boardId, reason, entry.doc))
          .catch((error) =>
            logger.error({ err: error, boardId: entry.boardId }, 'a board unload listener failed')
          )
      }
    }
    entry.doc.destroy()
  }

  #notify<Args extends unknown[]>(listeners: Set<(...args: Args) => void>, ...args: Args) {
    for (const listener of listeners) {
      try {
        listener(...args)
      } catch (error) {
        logger.error({ err: error, boardId: args[0] }, 'a board document listener failed')
      }
    }
  }
}

/** The document store of this process. */
export const documentStore = new DocumentStore()

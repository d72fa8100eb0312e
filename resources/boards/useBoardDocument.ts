import { ref, shallowRef } from 'vue'
import * as Y from 'yjs'
import * as authProtocol from 'y-protocols/auth'
import { Awareness } from 'y-protocols/awareness'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import { cardsOf, fieldsOf, metaOf, viewsOf, type Actor } from '../../boards/document/index.js'
import { copyName, rememberCopy } from './offlineCopies'
import { BoardReader, type BoardModel } from './readModel'

/**
 * Where the board's copy stands: still `connecting` to Hearth, `live` (in sync with the server),
 * or `offline` (the browser or the server cannot be reached: changes are kept on this device
 * and sent when the connection is back).
 */
export type SyncStatus = 'connecting' | 'live' | 'offline'

/** The avatar palette (tokens.css), so a person's cursor has their avatar's colour. */
const PALETTE = ['#b4381b', '#9a4d00', '#2f6f2a', '#0f6a78', '#2b5cc4', '#6b46c1', '#a3306f']

/** A stable `#rrggbb` colour per person: the same hash as UiAvatar's. */
export function colorOf(userId: string) {
  let hash = 0
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length]
}

/** The sync route's base: the provider adds `/<boardId>/sync` (docs/boards.md, "Live sync"). */
function syncBase() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/api/v1/boards`
}

/**
 * One open board: its Y.Doc, the browser's copy of it in IndexedDB (read first, so the board
 * shows at once, and keeping offline edits across reloads) and the unmodified y-websocket
 * provider on the sync route, authenticated by the session cookie the browser sends. `model`
 * is the read model of the shown view (`showView`), recomputed after each change of the
 * document. Call `close()`
 * when the board leaves the screen.
 */
export function openBoardDocument(boardId: string, userId: string) {
  const doc = new Y.Doc()
  // Made before the socket, so presence can be set at once; the provider relays it.
  const awareness = new Awareness(doc)
  awareness.setLocalStateField('user', { color: colorOf(userId) })
  const model = shallowRef<BoardModel | null>(null)
  const status = ref<SyncStatus>(navigator.onLine ? 'connecting' : 'offline')
  /** The server's reason when it serves this socket read-only (`read-only: …`), else null. */
  const readOnlyReason = ref<string | null>(null)
  /** The server closed the socket for good (access revoked, board deleted). */
  const closedFor = ref<number | null>(null)
  const actor: Actor = { userId }
  const reader = new BoardReader(doc)
  // Undoes only this person's own changes (those made with `actor` as origin): a remote
  // change, or the description editor's typing (its own origin and undo), is never undone.
  const undoManager = new Y.UndoManager([cardsOf(doc), fieldsOf(doc), viewsOf(doc)], {
    trackedOrigins: new Set([actor]),
  })

  let scheduled = false
  let closed = false
  let everSynced = false
  // An empty copy (a first visit) shows nothing until the server's document arrives: an empty
  // board would offer a column the board does not have.
  const render = () => {
    scheduled = false
    if (closed || (fieldsOf(doc).size === 0 && !everSynced)) return
    model.value = reader.model()
  }
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    queueMicrotask(render)
  }
  const onCards = (events: Array<Y.YEvent<any>>) => {
    reader.changed(events)
    schedule()
  }
  const onShape = () => {
    reader.invalidate()
    schedule()
  }
  cardsOf(doc).observeDeep(onCards)
  for (const map of [fieldsOf(doc), viewsOf(doc), metaOf(doc)]) map.observeDeep(onShape)

  const name = copyName(userId, boardId)
  rememberCopy(name)
  const copy = new IndexeddbPersistence(name, doc)
  let provider: WebsocketProvider | null = null

  const update = () => {
    if (!provider || !navigator.onLine) status.value = 'offline'
    else if (provider.wsconnected && provider.synced) status.value = 'live'
    else status.value = everSynced ? 'offline' : 'connecting'
  }

  function connect() {
    // The copy is loaded before the socket opens, so what it holds reaches the server through
    // the sync handshake (only what the server lacks) rather than as one large update.
    provider = new WebsocketProvider(syncBase(), `${boardId}/sync`, doc, {
      disableBc: true,
      connect: navigator.onLine,
      awareness,
    })
    provider.messageHandlers[2] = (_encoder, decoder) =>
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => {
        readOnlyReason.value = reason
      })
    provider.on('status', update)
    provider.on('sync', (synced: boolean) => {
      if (synced && !everSynced) {
        everSynced = true
        schedule()
      }
      update()
    })
    provider.on('closed', (event: { code: number }) => {
      closedFor.value = event.code
      update()
    })
    update()
  }

  // A browser that goes offline keeps the board and its edits; the socket waits for the
  // network to come back instead of failing attempt after attempt.
  const offline = () => {
    provider?.disconnect()
    update()
  }
  const online = () => {
    if (closedFor.value === null) provider?.connect()
    update()
  }
  window.addEventListener('offline', offline)
  window.addEventListener('online', online)

  void copy.whenSynced.then(() => {
    if (closed) return
    render()
    connect()
  })

  /** Shows view `id` (null: the board's first view): the model is read again for it. */
  function showView(id: string | null) {
    reader.showView(id)
    schedule()
  }

  function close() {
    closed = true
    window.removeEventListener('offline', offline)
    window.removeEventListener('online', online)
    undoManager.destroy()
    awareness.setLocalState(null)
    provider?.destroy()
    awareness.destroy()
    void copy.destroy()
    doc.destroy()
  }

  return {
    boardId,
    doc,
    model,
    status,
    readOnlyReason,
    closedFor,
    actor,
    awareness,
    undoManager,
    showView,
    close,
  }
}

export type BoardDocument = ReturnType<typeof openBoardDocument>

import type * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import config from '@adonisjs/core/services/config'
import type boardSyncConfig from '#config/board_sync'
import type { SyncConnection } from '#boards/sync/sync_connection'
import {
  CLOSE,
  ProtocolError,
  awarenessMessage,
  encodeAwarenessUpdate,
  readAwarenessEntries,
  type AwarenessEntry,
} from '#boards/sync/protocol'

type Settings = (typeof boardSyncConfig)['awareness']
type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] }

/** Client ids whose socket left, remembered with their account so nobody else takes them over. */
const MAX_RETIRED = 1_000

const COLOR = /^#[0-9a-f]{6}$/i
const NULL_STATE = Buffer.from('null')

const settings = () => config.get<Settings>('board_sync.awareness')

/** The `user` of every state a socket sets: its account, whatever the client wrote there. */
function identityOf(connection: SyncConnection, claimed: unknown) {
  const { id, username, displayName } = connection.identity.user
  const color = (claimed as { color?: unknown } | null)?.color
  return { id, username, name: displayName || username, ...(isColor(color) ? { color } : {}) }
}

function isColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR.test(value)
}

function parseState(json: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(json).toString('utf8'))
  } catch {
    throw new ProtocolError(CLOSE.malformed, 'Malformed awareness update')
  }
}

/**
 * A board's awareness (presence, cursors), relayed and never stored, with what the stock
 * y-websocket server leaves open closed: a socket sets only the client ids it introduced (the
 * provider echoes everyone's states back, so other ids are ignored, not refused), a few of
 * them, of bounded size and rate, and every state's `user` is the socket's account.
 */
export class BoardAwareness {
  readonly #awareness: awarenessProtocol.Awareness
  /** The socket holding each client id. */
  #owners = new Map<number, SyncConnection>()
  #retired = new Map<number, string>()

  constructor(doc: Y.Doc, relay: (message: Uint8Array) => void) {
    this.#awareness = new awarenessProtocol.Awareness(doc)
    this.#awareness.setLocalState(null)
    this.#awareness.on('update', ({ added, updated, removed }: AwarenessChanges) =>
      relay(awarenessMessage(this.#awareness, [...added, ...updated, ...removed]))
    )
  }

  /**
   * Applies what a socket may set of an awareness update, and drops the rest. An honest echo
   * holds no more entries than the board has states, so reading stops past those and the cap.
   */
  receive(connection: SyncConnection, update: Uint8Array) {
    const max = this.#awareness.getStates().size + settings().statesPerSocket
    const accepted = []
    for (const entry of readAwarenessEntries(update, max)) {
      const state = this.#vet(connection, entry)
      if (state !== undefined) accepted.push({ ...entry, state })
    }
    if (accepted.length === 0) return
    awarenessProtocol.applyAwarenessUpdate(
      this.#awareness,
      encodeAwarenessUpdate(accepted),
      connection
    )
  }

  /** Forgets a socket's client ids and their states (the others hear they left). */
  leave(connection: SyncConnection) {
    const clients = [...connection.awarenessClients]
    for (const client of clients) {
      this.#owners.delete(client)
      this.#retired.set(client, connection.userId)
      if (this.#retired.size > MAX_RETIRED) this.#retired.delete(this.#retired.keys().next().value!)
    }
    connection.awarenessClients.clear()
    awarenessProtocol.removeAwarenessStates(this.#awareness, clients, null)
  }

  /** The current awareness states, for a socket that just joined (null when there are none). */
  snapshot() {
    const clients = [...this.#awareness.getStates().keys()]
    return clients.length > 0 ? awarenessMessage(this.#awareness, clients) : null
  }

  destroy() {
    this.#awareness.destroy()
  }

  /** The state to apply for an entry (null: the client left), or undefined to drop it. */
  #vet(connection: SyncConnection, { clientId, clock, json }: AwarenessEntry) {
    if (!this.#mayHold(connection, clientId, clock)) return undefined
    if (NULL_STATE.equals(json)) {
      return this.#owners.get(clientId) === connection ? null : undefined
    }
    if (json.length > settings().maxStateBytes) return undefined
    const state = parseState(json)
    if (typeof state !== 'object' || state === null || Array.isArray(state)) return undefined
    if (!connection.admitsAwarenessUpdate()) return undefined
    this.#claim(connection, clientId)
    const claimed = (state as { user?: unknown }).user
    return { ...state, user: identityOf(connection, claimed) }
  }

  /**
   * Whether a socket may set a client id: one it holds; else none of the server's own, none
   * another account holds or held, and within the socket's cap. Another socket of the same
   * account takes an id over only with a newer clock (a reconnect before the old socket is
   * found dead), never by echoing the state it was sent.
   */
  #mayHold(connection: SyncConnection, clientId: number, clock: number) {
    const owner = this.#owners.get(clientId)
    if (owner === connection) return true
    if (clientId === this.#awareness.clientID) return false
    const holder = owner?.userId ?? this.#retired.get(clientId)
    if (holder !== undefined && holder !== connection.userId) return false
    if (owner && clock <= (this.#awareness.meta.get(clientId)?.clock ?? 0)) return false
    return connection.awarenessClients.size < settings().statesPerSocket
  }

  #claim(connection: SyncConnection, clientId: number) {
    const owner = this.#owners.get(clientId)
    if (owner === connection) return
    owner?.awarenessClients.delete(clientId)
    this.#retired.delete(clientId)
    this.#owners.set(clientId, connection)
    connection.awarenessClients.add(clientId)
  }
}

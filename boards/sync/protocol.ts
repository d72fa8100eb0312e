import type * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import * as awarenessProtocol from 'y-protocols/awareness'

/**
 * The y-websocket wire format, as `y-protocols` encodes it and the
 * unmodified `WebsocketProvider` speaks it: every message starts with its
 * type (a varuint), then its body.
 */
export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_AUTH = 2
export const MESSAGE_QUERY_AWARENESS = 3

/** WebSocket close codes the sync server uses (docs/boards.md, "Live sync"). */
export const CLOSE = {
  unsupported: 1003,
  malformed: 1007,
  tooBig: 1009,
  internalError: 1011,
  restarting: 1012,
  /** 4400–4499: the provider does not reconnect. */
  revoked: 4403,
  deleted: 4404,
  documentTooLarge: 4413,
} as const

/** A message a client may send. */
export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2' | 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }

/** A message that cannot be read: its socket is closed with `code`. */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string
  ) {
    super(message)
  }
}

const SYNC_TYPES: Record<number, 'sync-step-1' | 'sync-step-2' | 'update'> = {
  [syncProtocol.messageYjsSyncStep1]: 'sync-step-1',
  [syncProtocol.messageYjsSyncStep2]: 'sync-step-2',
  [syncProtocol.messageYjsUpdate]: 'update',
}

/**
 * Reads one client message. `bytes` must own its buffer (a copy of what the
 * socket received), so a length prefix cannot reach past the message.
 */
export function readMessage(bytes: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(bytes)
  let type: number
  try {
    type = decoding.readVarUint(decoder)
    if (type === MESSAGE_SYNC) {
      const step = SYNC_TYPES[decoding.readVarUint(decoder)]
      const payload = decoding.readVarUint8Array(decoder)
      if (step === 'sync-step-1') return { type: step, stateVector: payload }
      if (step) return { type: step, update: payload }
      throw new ProtocolError(CLOSE.malformed, 'Unknown sync message')
    }
    if (type === MESSAGE_AWARENESS) {
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
    }
    if (type === MESSAGE_QUERY_AWARENESS) return { type: 'query-awareness' }
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(CLOSE.malformed, 'Malformed message')
  }
  throw new ProtocolError(CLOSE.unsupported, `Unsupported message type ${type}`)
}

function encode(type: number, write: (encoder: encoding.Encoder) => void) {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1: the server's state vector, asking the client for what it lacks. */
export function syncStep1(doc: Y.Doc) {
  return encode(MESSAGE_SYNC, (encoder) => syncProtocol.writeSyncStep1(encoder, doc))
}

/** Sync step 2: what the client lacks, given its state vector (throws on a malformed one). */
export function syncStep2(doc: Y.Doc, stateVector: Uint8Array) {
  return encode(MESSAGE_SYNC, (encoder) => syncProtocol.writeSyncStep2(encoder, doc, stateVector))
}

/** One accepted update, for the other clients. */
export function updateMessage(update: Uint8Array) {
  return encode(MESSAGE_SYNC, (encoder) => syncProtocol.writeUpdate(encoder, update))
}

/** The awareness states (presence, cursors) of some clients. */
export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]) {
  return encode(MESSAGE_AWARENESS, (encoder) =>
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, clients)
    )
  )
}

/** One entry of a client's awareness update: a client id, its clock, its state as JSON bytes. */
export type AwarenessEntry = { clientId: number; clock: number; json: Uint8Array }

/**
 * Reads the entries of an awareness update (y-protocols' format: a count, then per client its
 * id, clock and state as a JSON string, `null` when it left), at most `max` of them: the rest
 * is never read. The JSON is left undecoded, so what is skipped costs next to nothing.
 */
export function readAwarenessEntries(update: Uint8Array, max: number): AwarenessEntry[] {
  const entries: AwarenessEntry[] = []
  try {
    const decoder = decoding.createDecoder(update)
    const count = Math.min(decoding.readVarUint(decoder), max)
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      entries.push({ clientId, clock, json: decoding.readVarUint8Array(decoder) })
    }
  } catch {
    throw new ProtocolError(CLOSE.malformed, 'Malformed awareness update')
  }
  return entries
}

/** An awareness update of the given states (null: the client left), as applyAwarenessUpdate reads it. */
export function encodeAwarenessUpdate(
  states: { clientId: number; clock: number; state: unknown }[]
) {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, states.length)
  for (const { clientId, clock, state } of states) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, JSON.stringify(state))
  }
  return encoding.toUint8Array(encoder)
}

/**
 * The read-only notice: y-protocols' "permission denied" auth message, whose
 * reason always starts with `read-only:`. The stock provider logs it as a
 * warning; the web app reads it through `provider.messageHandlers[2]`.
 */
export function readOnlyNotice(why: string) {
  return encode(MESSAGE_AUTH, (encoder) =>
    authProtocol.writePermissionDenied(encoder, `read-only: ${why}`)
  )
}

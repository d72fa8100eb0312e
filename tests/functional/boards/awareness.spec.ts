import { test } from '@japa/runner'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import config from '@adonisjs/core/services/config'
import BoardMember from '#boards/models/board_member'
import { boardSync } from '#boards/sync/board_sync_server'
import { isolate } from '#tests/helpers/auth'
import { teamCast } from '#tests/helpers/chat'
import { eventually } from '#tests/helpers/realtime'
import {
  closeBoardSockets,
  connect,
  createBoard,
  rawSocket,
  tokenOf,
  type RawSocket,
  type Replica,
  boardSetting,
} from '#tests/helpers/boards'

type Entry = { clientId: number; clock: number; state: unknown }

/** An awareness message (type 1) as a client writes it, with whatever entries an attacker likes. */
function awarenessFrame(...entries: Entry[]) {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, JSON.stringify(state))
  }
  const message = encoding.createEncoder()
  encoding.writeVarUint(message, 1)
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update))
  return encoding.toUint8Array(message)
}

/** The awareness states a raw socket was sent, each client's latest. */
function statesSentTo(raw: RawSocket) {
  const seen = new awarenessProtocol.Awareness(new Y.Doc())
  seen.setLocalState(null)
  for (const message of raw.received) {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarUint(decoder) !== 1) continue
    awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), null)
  }
  const states = seen.getStates()
  seen.destroy()
  return states
}

/**
 * Use to know the server has handled every message a raw socket sent: it asks for every state
 * (query awareness, type 3), and the server answers in turn, after the rest.
 */
async function allHandled(raw: RawSocket) {
  const before = raw.received.length
  raw.ws.send(Uint8Array.of(3))
  await eventually(() => raw.received.length > before)
}

/** The states a replica holds of other clients than itself. */
function othersSeenBy(replica: Replica) {
  const states = new Map(replica.provider.awareness.getStates())
  states.delete(replica.doc.clientID)
  return states
}

/** Use to wait until a replica holds a client's state and `check` holds on it. */
function seesState(
  replica: Replica,
  clientId: number,
  check: (state: any) => boolean = () => true
) {
  return eventually(() => {
    const state = replica.provider.awareness.getStates().get(clientId)
    return state !== undefined && check(state)
  })
}

/** A board in town-square, its editors alice and bob, and carol, a viewer. */
async function boardWithViewer() {
  const cast = await teamCast({ carol: true })
  const board = await createBoard(cast.townSquare, cast.admin)
  await BoardMember.create({ boardId: board.id, userId: cast.carol.id, role: 'viewer' })
  return { ...cast, board }
}

test.group('Board awareness', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a socket cannot set or remove the state of a client id another socket introduced', async ({
    assert,
    cleanup,
  }) => {
    const { board, alice, bob, carol } = await boardWithViewer()
    const victim = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const observer = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    victim.provider.awareness.setLocalStateField('cursor', 'card-1')
    await seesState(observer, victim.doc.clientID, (state) => state.cursor === 'card-1')

    const attacker = await rawSocket(board.id, { token: await tokenOf(carol, ['read']) }, cleanup)
    attacker.ws.send(
      awarenessFrame({
        clientId: victim.doc.clientID,
        clock: 1000,
        state: { user: { name: 'alice' }, cursor: 'card-666' },
      })
    )
    attacker.ws.send(awarenessFrame({ clientId: victim.doc.clientID, clock: 2000, state: null }))
    attacker.ws.send(awarenessFrame({ clientId: 777, clock: 1, state: { cursor: 'mine' } }))
    await seesState(observer, 777)

    const victimState = observer.provider.awareness.getStates().get(victim.doc.clientID)
    assert.equal(victimState?.cursor, 'card-1')
    assert.equal(victimState?.user.id, alice.id)
    assert.equal(observer.provider.awareness.getStates().get(777)?.user.id, carol.id)
    assert.isTrue(attacker.ws.readyState === attacker.ws.OPEN)
  })

  test('every state carries the account of the socket that set it, whatever the client wrote', async ({
    assert,
    cleanup,
  }) => {
    const { board, alice, bob } = await boardWithViewer()
    const impostor = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const observer = await connect(board.id, { token: await tokenOf(alice) }, cleanup)

    impostor.provider.awareness.setLocalState({
      user: { id: alice.id, username: alice.username, name: 'Alice', color: '#ff8800' },
      cursor: 'card-1',
    })
    await seesState(observer, impostor.doc.clientID, (state) => state.cursor === 'card-1')

    const seen = observer.provider.awareness.getStates().get(impostor.doc.clientID)!
    assert.deepEqual(seen.user, {
      id: bob.id,
      username: bob.username,
      name: bob.displayName || bob.username,
      color: '#ff8800',
    })

    impostor.provider.awareness.setLocalState({
      user: { color: 'red; background: url(//evil.example)' },
      cursor: 'card-2',
    })
    await seesState(observer, impostor.doc.clientID, (state) => state.cursor === 'card-2')
    const recoloured = observer.provider.awareness.getStates().get(impostor.doc.clientID)!
    assert.notProperty(recoloured.user, 'color')
    assert.equal(recoloured.user.id, bob.id)
  })

  test('a flood of ghost states reaches others and later joiners only up to the cap per socket', async ({
    assert,
    cleanup,
  }) => {
    const { board, bob, carol } = await boardWithViewer()
    const cap = config.get<number>('board_sync.awareness.statesPerSocket')
    const attacker = await rawSocket(board.id, { token: await tokenOf(carol, ['read']) }, cleanup)

    const ghosts = Array.from({ length: 20_000 }, (_, i) => ({
      clientId: 1_000_000 + i,
      clock: 1,
      state: { ghost: i },
    }))
    attacker.ws.send(awarenessFrame(...ghosts))
    for (let i = 0; i < 50; i++) {
      attacker.ws.send(awarenessFrame({ clientId: 2_000_000 + i, clock: 1, state: { ghost: i } }))
    }
    await allHandled(attacker)
    assert.equal(statesSentTo(attacker).size, cap)

    const joiner = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const seen = othersSeenBy(joiner)
    assert.equal(seen.size, cap)
    assert.isTrue([...seen.values()].every((state) => state.user.id === carol.id))
  })

  test('a state over the size cap is dropped and never relayed', async ({ assert, cleanup }) => {
    const { board, alice, carol } = await boardWithViewer()
    const observer = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const attacker = await rawSocket(board.id, { token: await tokenOf(carol, ['read']) }, cleanup)

    // Past the 4 KB of `board_sync.awareness.maxStateBytes`.
    attacker.ws.send(awarenessFrame({ clientId: 1, clock: 1, state: { pad: 'x'.repeat(4096) } }))
    attacker.ws.send(awarenessFrame({ clientId: 2, clock: 1, state: { pad: 'small' } }))
    await seesState(observer, 2)

    assert.isFalse(observer.provider.awareness.getStates().has(1))
    assert.isTrue(attacker.ws.readyState === attacker.ws.OPEN)
  })

  test('awareness changes past a socket’s rate are dropped', async ({ assert, cleanup }) => {
    boardSetting('awareness.updatesPerSecond', 0.001, cleanup)
    boardSetting('awareness.burstUpdates', 3, cleanup)
    const { board, carol } = await boardWithViewer()
    const attacker = await rawSocket(board.id, { token: await tokenOf(carol, ['read']) }, cleanup)

    for (let clock = 1; clock <= 10; clock++) {
      attacker.ws.send(awarenessFrame({ clientId: 5, clock, state: { n: clock } }))
    }
    await allHandled(attacker)

    assert.deepInclude(statesSentTo(attacker).get(5), { n: 3 })
  })

  test('a client id whose socket left is taken back by its own account only', async ({
    assert,
    cleanup,
  }) => {
    const { board, alice, bob, carol } = await boardWithViewer()
    const observer = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const first = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)
    first.ws.send(awarenessFrame({ clientId: 42, clock: 1, state: { who: 'alice' } }))
    await seesState(observer, 42)
    first.ws.close()
    await eventually(() => boardSync.connectionsOf(board.id).length === 1)
    await eventually(() => !observer.provider.awareness.getStates().has(42))

    const thief = await rawSocket(board.id, { token: await tokenOf(carol, ['read']) }, cleanup)
    thief.ws.send(awarenessFrame({ clientId: 42, clock: 10, state: { who: 'carol' } }))
    thief.ws.send(awarenessFrame({ clientId: 43, clock: 1, state: { who: 'carol' } }))
    await seesState(observer, 43)
    assert.isFalse(observer.provider.awareness.getStates().has(42))

    const again = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)
    again.ws.send(awarenessFrame({ clientId: 42, clock: 11, state: { who: 'alice again' } }))
    await seesState(observer, 42)
    assert.equal(observer.provider.awareness.getStates().get(42)?.user.id, alice.id)
  })

  test('another socket of the same account takes a client id over with a newer clock, not an echo', async ({
    assert,
    cleanup,
  }) => {
    const { board, alice, bob } = await boardWithViewer()
    const observer = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const stale = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)
    const fresh = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)
    stale.ws.send(awarenessFrame({ clientId: 42, clock: 5, state: { tab: 'stale' } }))
    await seesState(observer, 42)

    fresh.ws.send(awarenessFrame({ clientId: 42, clock: 5, state: { tab: 'echo' } }))
    fresh.ws.send(awarenessFrame({ clientId: 43, clock: 1, state: { tab: 'barrier' } }))
    await seesState(observer, 43)
    assert.equal(observer.provider.awareness.getStates().get(42)?.tab, 'stale')

    fresh.ws.send(awarenessFrame({ clientId: 42, clock: 6, state: { tab: 'fresh' } }))
    await seesState(observer, 42, (state) => state.tab === 'fresh')
    stale.ws.close()
    await eventually(() => boardSync.connectionsOf(board.id).length === 2)
    fresh.ws.send(awarenessFrame({ clientId: 43, clock: 2, state: { tab: 'barrier 2' } }))
    await seesState(observer, 43, (state) => state.tab === 'barrier 2')
    assert.equal(observer.provider.awareness.getStates().get(42)?.tab, 'fresh')
  })
})

import { test } from '@japa/runner'
import * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import config from '@adonisjs/core/services/config'
import logger from '@adonisjs/core/services/logger'
import type User from '#app/models/user'
import UserService from '#app/services/user_service'
import TokenService from '#app/services/token_service'
import { dbTimestamp } from '#app/helpers/dates'
import Channel from '#chat/models/channel'
import BoardMember from '#boards/models/board_member'
import type { BoardRole } from '#boards/models/board'
import {
  boardJson,
  cardJson,
  cardsOf,
  columnsOf,
  createCard,
  deleteCard,
  moveCard,
  updateCard,
} from '#boards/document/index'
import { documentStore, readDocument } from '#boards/services/document_store'
import { boardSync } from '#boards/sync/board_sync_server'
import { issueTicket } from '#boards/sync/sync_tickets'
import { isolate, signIn } from '#tests/helpers/auth'
import { createChannel, removeTeam, teamCast } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { eventually, type Cleanup } from '#tests/helpers/realtime'
import { expectStatus, WebClient } from '#tests/helpers/web_client'
import {
  boardOf,
  closeBoardSockets,
  connect,
  converged,
  createBoard,
  freePort,
  rawSocket,
  startServerProcess,
  stopServerProcess,
  storedDocument,
  ticketFor,
  tokenOf,
  upgradeAnswer,
  upgradeStatus,
  closeCode,
  type Replica,
  boardSetting,
  syncFrame,
} from '#tests/helpers/boards'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function titles(doc: Y.Doc) {
  return boardJson(doc)
    .cards.map((card) => card.title)
    .sort()
}

/** A board in town-square where `user` has the explicit `role`, the editor alice, and both connected. */
async function editorAndRole(role: BoardRole, cleanup: Cleanup) {
  const cast = await teamCast({ carol: true })
  const board = await createBoard(cast.townSquare, cast.admin)
  await BoardMember.create({ boardId: board.id, userId: cast.carol.id, role })
  const editor = await connect(board.id, { token: await tokenOf(cast.alice) }, cleanup)
  const other = await connect(board.id, { token: await tokenOf(cast.carol) }, cleanup)
  return { ...cast, board, editor, other }
}

/**
 * A read-only replica edits; then it sets its awareness, which the server relays after it has
 * handled the edit (one socket's messages are handled in order). Checks that the edit reached
 * neither the other replica nor the database.
 */
async function assertEditDropped(
  assert: any,
  boardId: string,
  readOnly: Replica,
  other: Replica,
  user: User
) {
  const rowsBefore = await count('board_updates', { board_id: boardId })
  createCard(readOnly.doc, { title: 'Sneaky' }, { userId: user.id })
  readOnly.provider.awareness.setLocalStateField('user', { name: user.username })
  await eventually(() => other.provider.awareness.getStates().has(readOnly.doc.clientID))
  await documentStore.flush()
  assert.notInclude(titles(other.doc), 'Sneaky')
  assert.notInclude(titles(await storedDocument(boardId)), 'Sneaky')
  assert.equal(await count('board_updates', { board_id: boardId }), rowsBefore)
  assert.isTrue(readOnly.provider.wsconnected)
}

test.group('Board sync: convergence', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('two providers converge when both move the same card to different columns at once', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const b = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const cardId = createCard(a.doc, { title: 'Ship it' }, { userId: alice.id })
    await converged([a, b], (doc) => cardsOf(doc).has(cardId))

    const [, , doing, done] = columnsOf(a.doc)
    moveCard(a.doc, cardId, { column: doing.id }, { userId: alice.id })
    moveCard(b.doc, cardId, { column: done.id }, { userId: bob.id })
    const columnOfCard = (doc: Y.Doc) =>
      boardJson(doc).columns.find((column) => column.cardIds.includes(cardId))?.id
    await converged([a, b], (doc) => [doing.id, done.id].includes(columnOfCard(doc) ?? ''))

    const placed = boardJson(a.doc).columns.filter((column) => column.cardIds.includes(cardId))
    assert.lengthOf(placed, 1)
    assert.oneOf(placed[0].id, [doing.id, done.id])
    assert.lengthOf(placed[0].cardIds, 1)
    assert.equal(boardOf(await storedDocument(board.id)), boardOf(a.doc))
  })

  test('three providers editing the same title at once all keep every edit', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob, carol } = await teamCast({ carol: true })
    const board = await createBoard(townSquare, admin)
    const replicas = [
      await connect(board.id, { token: await tokenOf(alice) }, cleanup),
      await connect(board.id, { token: await tokenOf(bob) }, cleanup),
      await connect(board.id, { token: await tokenOf(carol) }, cleanup),
    ]
    const [a, b, c] = replicas
    const cardId = createCard(a.doc, { title: 'Plan' }, { userId: alice.id })
    await converged(replicas, (doc) => cardsOf(doc).has(cardId))

    updateCard(a.doc, cardId, { title: 'Plan A' }, { userId: alice.id })
    updateCard(b.doc, cardId, { title: 'Plan B' }, { userId: bob.id })
    updateCard(c.doc, cardId, { title: 'C: Plan' }, { userId: carol.id })
    await converged(replicas, (doc) => cardJson(doc, cardId).title.length === 'C: Plan A B'.length)

    const title = cardJson(a.doc, cardId).title
    assert.isTrue(title.startsWith('C: Plan '), title)
    assert.include(title, ' A')
    assert.include(title, ' B')
    assert.equal(cardJson(await storedDocument(board.id), cardId).title, title)
  })

  test('a card deleted while another client edits it stays deleted everywhere', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const b = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const kept = createCard(a.doc, { title: 'Kept' }, { userId: alice.id })
    const doomed = createCard(a.doc, { title: 'Doomed' }, { userId: alice.id })
    await converged([a, b], (doc) => cardsOf(doc).has(doomed))

    deleteCard(a.doc, doomed)
    updateCard(b.doc, doomed, { title: 'Doomed but edited', description: 'x' }, { userId: bob.id })
    updateCard(b.doc, kept, { title: 'Kept and edited' }, { userId: bob.id })
    await converged([a, b], (doc) => !cardsOf(doc).has(doomed) && titles(doc).length === 1)

    assert.deepEqual(titles(a.doc), ['Kept and edited'])
    assert.deepEqual(titles(await storedDocument(board.id)), ['Kept and edited'])
  })

  test('an update is in the database before another client receives it', async ({
    assert,
    cleanup,
  }) => {
    boardSetting('documents.writeBatchMs', 300, cleanup)
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const b = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const rowsBefore = await count('board_updates', { board_id: board.id })

    createCard(a.doc, { title: 'Written first' }, { userId: alice.id })
    await sleep(150)
    // The store holds the update for 300 ms before writing it: nobody else has it yet.
    assert.deepEqual(titles(b.doc), [])
    assert.equal(await count('board_updates', { board_id: board.id }), rowsBefore)

    await eventually(() => titles(b.doc).length === 1)
    assert.equal(await count('board_updates', { board_id: board.id }), rowsBefore + 1)
  })

  test('a change made by server code reaches connected clients and the database', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)

    const id = await documentStore.transact(board.id, (doc) =>
      createCard(doc, { title: 'From the API' }, { userId: admin.id })
    )

    await eventually(() => cardsOf(a.doc).has(id))
    assert.equal(cardJson(a.doc, id).title, 'From the API')
    assert.deepEqual(titles(await storedDocument(board.id)), ['From the API'])
  })

  test('cards created and moved through the REST API appear live in a connected client', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, alice } = await teamCast()
    const api = await signIn(alice)
    const board = expectStatus(
      await api.post(`/api/v1/channels/${townSquare.id}/boards`, {
        title: 'Live',
        template: 'project_tasks',
      }),
      201
    ).body
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const column = (id: string) => boardJson(a.doc).columns.find((entry) => entry.id === id)!
    await eventually(() => boardJson(a.doc).columns.length > 1)
    const [todo, done] = boardJson(a.doc).columns.filter((entry) => entry.id !== null)

    const created = expectStatus(
      await api.post(`/api/v1/boards/${board.id}/cards`, { title: 'Over REST', column: todo.id }),
      201
    ).body
    await eventually(() => cardsOf(a.doc).has(created.id))
    assert.equal(cardJson(a.doc, created.id).title, 'Over REST')
    assert.include(column(todo.id!).cardIds, created.id)

    expectStatus(await api.patch(`/api/v1/cards/${created.id}`, { column: done.id }), 200)
    await eventually(() => column(done.id!).cardIds.includes(created.id))
    assert.notInclude(column(todo.id!).cardIds, created.id)
  })
})

test.group('Board sync: read-only sockets', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a viewer is told it is read-only and its update never reaches the database or other clients', async ({
    assert,
    cleanup,
  }) => {
    const { board, editor, other, alice, carol } = await editorAndRole('viewer', cleanup)
    await eventually(() => other.notices.length === 1)
    assert.deepEqual(other.notices, ['read-only: your role on this board is viewer'])
    assert.deepEqual(editor.notices, [])

    await assertEditDropped(assert, board.id, other, editor, carol)
    assert.lengthOf(other.notices, 1)

    // It still receives what editors write.
    const id = createCard(editor.doc, { title: 'Visible' }, { userId: alice.id })
    await eventually(() => cardsOf(other.doc).has(id))
  })

  test("a commenter's update never reaches the database or other clients either", async ({
    assert,
    cleanup,
  }) => {
    const { board, editor, other, carol } = await editorAndRole('commenter', cleanup)
    await eventually(() => other.notices.length === 1)
    assert.deepEqual(other.notices, ['read-only: your role on this board is commenter'])
    await assertEditDropped(assert, board.id, other, editor, carol)
  })

  test('a token with only the read scope connects read-only', async ({ assert, cleanup }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const editor = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const reader = await connect(board.id, { token: await tokenOf(alice, ['read']) }, cleanup)
    await eventually(() => reader.notices.length === 1)
    assert.deepEqual(reader.notices, ['read-only: this token lacks the "write" scope'])
    await assertEditDropped(assert, board.id, reader, editor, alice)
  })

  test('an archived board is read-only for everyone, its admin included', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const owner = await connect(board.id, { token: await tokenOf(admin) }, cleanup)
    const editor = await connect(board.id, { token: await tokenOf(alice) }, cleanup)

    const web = await signIn(admin)
    expectStatus(await web.post(`/api/v1/boards/${board.id}/archive`), 200)

    // The archive took effect on the open sockets before the request answered.
    for (const connection of boardSync.connectionsOf(board.id)) {
      assert.isFalse(connection.writable)
    }
    await eventually(() => owner.notices.length === 1 && editor.notices.length === 1)
    assert.deepEqual(owner.notices, ['read-only: the board is archived'])
    await assertEditDropped(assert, board.id, owner, editor, admin)
  })
})

test.group('Board sync: limits and malformed input', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a message over the size limit closes its socket with 1009 and is not stored', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const rowsBefore = await count('board_updates', { board_id: board.id })
    const raw = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)

    raw.ws.send(syncFrame(2, new Uint8Array(config.get<number>('board_sync.maxMessageBytes'))))

    assert.equal(await closeCode(raw), 1009)
    await documentStore.flush()
    assert.equal(await count('board_updates', { board_id: board.id }), rowsBefore)
  })

  test('a malformed update is refused with 1007 while the other clients carry on', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const b = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const rowsBefore = await count('board_updates', { board_id: board.id })

    const raw = await rawSocket(board.id, { token: await tokenOf(bob) }, cleanup)
    raw.ws.send(syncFrame(2, new TextEncoder().encode('this is not a yjs update')))
    assert.equal(await closeCode(raw), 1007)

    const rogue = await rawSocket(board.id, { token: await tokenOf(bob) }, cleanup)
    // A long, multi-byte root name: the close reason quoting it must still fit a close frame.
    const strayRoot = `not-a-board-root-${'ü'.repeat(80)}`
    const stray = new Y.Doc()
    stray.getMap(strayRoot).set('x', 1)
    rogue.ws.send(syncFrame(2, Y.encodeStateAsUpdate(stray)))
    assert.equal(await closeCode(rogue), 1007)

    const id = createCard(a.doc, { title: 'Still fine' }, { userId: alice.id })
    await converged([a, b], (doc) => cardsOf(doc).has(id))
    assert.isTrue(a.provider.wsconnected && b.provider.wsconnected)
    const stored = await readDocument(board.id)
    assert.deepEqual(stored.skipped, [])
    assert.equal(await count('board_updates', { board_id: board.id }), rowsBefore + 1)
    assert.isFalse(stored.doc.share.has(strayRoot))
  })

  test('a message type the protocol does not know closes only that socket with 1003', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const token = await tokenOf(alice)

    const unknown = await rawSocket(board.id, { token }, cleanup)
    unknown.ws.send(Buffer.from([9, 1, 2]))
    assert.equal(await closeCode(unknown), 1003)

    const text = await rawSocket(board.id, { token }, cleanup)
    text.ws.send('hello')
    assert.equal(await closeCode(text), 1003)

    assert.isTrue(a.provider.wsconnected)
  })

  test('an update that would grow the document past its cap is refused with 4413', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const a = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const b = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const size = Y.encodeStateAsUpdate(a.doc).length
    boardSetting('documents.maxDocumentBytes', size + 2000, cleanup)

    const small = createCard(a.doc, { title: 'Small' }, { userId: alice.id })
    await eventually(() => cardsOf(b.doc).has(small))
    createCard(a.doc, { title: 'Huge', description: 'x'.repeat(5000) }, { userId: alice.id })

    await eventually(() => a.closed()?.code === 4413)
    await documentStore.flush()
    assert.deepEqual(titles(b.doc), ['Small'])
    assert.deepEqual(titles(await storedDocument(board.id)), ['Small'])
  })

  test('an account holding the maximum of sockets gets a 429 for one more', async ({
    assert,
    cleanup,
  }) => {
    boardSetting('maxConnectionsPerUser', 2, cleanup)
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const token = await tokenOf(alice)
    const first = await rawSocket(board.id, { token }, cleanup)
    await rawSocket(board.id, { token }, cleanup)

    const refused = await upgradeAnswer(board.id, { token })
    assert.equal(refused.status, 429)
    assert.equal(refused.body.errors[0].code, 'too_many_connections')
    assert.equal(await upgradeStatus(board.id, { token: await tokenOf(admin) }), 101)

    first.ws.close()
    await first.closed
    await eventually(async () => (await upgradeStatus(board.id, { token })) === 101)
  })

  test('a socket that stops answering pings is dropped, live ones stay', async ({
    assert,
    cleanup,
  }) => {
    boardSetting('pingIntervalMs', 100, cleanup)
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const live = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const dead = await rawSocket(board.id, { token: await tokenOf(admin) }, cleanup, {
      autoPong: false,
    })

    const closed = await dead.closed
    assert.equal(closed.code, 1006, 'dropped without a closing handshake')
    await sleep(250)
    assert.isTrue(live.provider.wsconnected)
    const open = boardSync.connectionsOf(board.id)
    assert.deepEqual(
      open.map((connection) => connection.userId),
      [alice.id]
    )
  })
})

test.group('Board sync: authorisation before the upgrade', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a request without credentials is a 401', async ({ assert }) => {
    const { townSquare, admin } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const answer = await upgradeAnswer(board.id, { none: true })
    assert.equal(answer.status, 401)
    assert.equal(answer.body.errors[0].code, 'unauthenticated')
  })

  test('a board the caller may not see, or that does not exist, is a 404', async ({ assert }) => {
    const { team, admin, alice } = await teamCast()
    const secret = await createChannel(await signIn(admin), team, 'private', 'secret')
    const board = await createBoard(await Channel.findOrFail(secret), admin)
    const token = await tokenOf(alice)

    const hidden = await upgradeAnswer(board.id, { token })
    assert.equal(hidden.status, 404)
    assert.equal(hidden.body.errors[0].code, 'not_found')
    assert.equal(await upgradeStatus('01890000-0000-7000-8000-000000000000', { token }), 404)
    assert.equal(await upgradeStatus(board.id, { token: await tokenOf(admin) }), 101)
  })

  test('a bad or revoked token is a 401', async ({ assert }) => {
    const { townSquare, admin } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const answer = await upgradeAnswer(board.id, { token: 'hth_MQ.notarealsecret' })
    assert.equal(answer.status, 401)
  })

  test('the web session cookie opens a socket from the app’s own origin only', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const browser = await signIn(alice)

    const foreign = await upgradeAnswer(board.id, {
      cookies: browser,
      origin: 'https://evil.example',
    })
    assert.equal(foreign.status, 403)
    assert.equal(foreign.body.errors[0].code, 'bad_origin')

    const replica = await connect(board.id, { cookies: browser }, cleanup)
    assert.isTrue(replica.provider.synced)
    assert.deepEqual(replica.notices, [])
    assert.deepEqual(
      boardSync.connectionsOf(board.id).map((connection) => connection.identity.via),
      ['session']
    )

    const loggedOut = await signIn(alice)
    expectStatus(await loggedOut.delete('/api/v1/auth/session'), 204)
    const stale = await upgradeAnswer(board.id, { cookies: loggedOut })
    assert.equal(stale.status, 401)
  })

  test('a ticket opens a socket once, for its own board only, before it expires', async ({
    assert,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const other = await createBoard(townSquare, admin)
    const browser = await signIn(alice)

    const issued = await browser.post(`/api/v1/boards/${board.id}/sync-ticket`)
    assert.equal(issued.status, 201)
    assert.isString(issued.body.ticket)
    const ttl = Date.parse(issued.body.expiresAt) - Date.now()
    assert.isAbove(ttl, 55_000)
    assert.isAtMost(ttl, 60_000)

    const elsewhere = await upgradeAnswer(other.id, { ticket: issued.body.ticket })
    assert.equal(elsewhere.status, 401)
    assert.equal(await upgradeStatus(board.id, { ticket: issued.body.ticket }), 101)
    assert.equal(await upgradeStatus(board.id, { ticket: issued.body.ticket }), 401)

    const live = await new TokenService().create(alice, { name: 'app', scopes: ['write'] })
    const mintedWith = { userId: alice.id, sessionId: null, tokenId: String(live.identifier) }
    const expired = issueTicket(mintedWith, board.id, 1).ticket
    await sleep(10)
    assert.equal(await upgradeStatus(board.id, { ticket: expired }), 401)
    assert.equal(await upgradeStatus(board.id, { ticket: 'forged' }), 401)
  })

  test('a ticket is issued only for a board the caller may see', async ({ assert }) => {
    const { team, admin, alice } = await teamCast()
    const secret = await createChannel(await signIn(admin), team, 'private', 'secret')
    const board = await createBoard(await Channel.findOrFail(secret), admin)

    const browser = await signIn(alice)
    const hidden = await browser.post(`/api/v1/boards/${board.id}/sync-ticket`)
    assert.equal(hidden.status, 404)
    const anonymous = await new WebClient().post(`/api/v1/boards/${board.id}/sync-ticket`)
    assert.equal(anonymous.status, 401)
    assert.isString(await ticketFor(await signIn(admin), board.id))
  })
})

test.group('Board sync: permission changes', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('someone removed from the channel is disconnected at once', async ({ assert, cleanup }) => {
    const { team, admin, alice, bob } = await teamCast()
    const web = await signIn(admin)
    const channelId = await createChannel(web, team, 'private', 'dev', [alice, bob])
    const board = await createBoard(await Channel.findOrFail(channelId), admin)
    const removed = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const stays = await connect(board.id, { token: await tokenOf(bob) }, cleanup)

    expectStatus(await web.delete(`/api/v1/channels/${channelId}/members/${alice.id}`), 204)

    const sockets = boardSync.connectionsOf(board.id)
    assert.isTrue(sockets.filter((c) => c.userId === alice.id).every((c) => !c.isOpen))
    assert.isTrue(sockets.filter((c) => c.userId === bob.id).every((c) => c.isOpen))
    await eventually(() => removed.closed()?.code === 4403)
    assert.isFalse(removed.provider.shouldConnect, 'a 44xx close is not retried')
    assert.isTrue(stays.provider.wsconnected)
  })

  test('someone demoted to viewer becomes read-only at once and is told', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const demoted = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const editor = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const before = createCard(demoted.doc, { title: 'Before' }, { userId: alice.id })
    await eventually(() => cardsOf(editor.doc).has(before))

    const web = await signIn(admin)
    const put = await web.put(`/api/v1/boards/${board.id}/members/${alice.id}`, { role: 'viewer' })
    expectStatus(put, 200)

    await eventually(() => demoted.notices.length === 1)
    assert.deepEqual(demoted.notices, ['read-only: your role on this board is viewer'])
    await assertEditDropped(assert, board.id, demoted, editor, alice)

    // Back to editor: the server asks for its state again, so what it wrote meanwhile comes
    // along with its next edit, as it would on any reconnect.
    expectStatus(await web.delete(`/api/v1/boards/${board.id}/members/${alice.id}`), 204)
    const after = createCard(demoted.doc, { title: 'After' }, { userId: alice.id })
    await eventually(() => cardsOf(editor.doc).has(after))
    assert.deepEqual(titles(editor.doc), ['After', 'Before', 'Sneaky'])
  })

  test('a deactivated account is disconnected at once', async ({ assert, cleanup }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const replica = await connect(board.id, { token: await tokenOf(alice) }, cleanup)

    await new UserService().deactivate(alice)

    await eventually(() => replica.closed()?.code === 4403)
    assert.equal(await upgradeStatus(board.id, { token: await tokenOf(admin) }), 101)
  })

  test('deleting a board closes its sockets with 4404 and forgets its document', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const replica = await connect(board.id, { token: await tokenOf(alice) }, cleanup)

    const web = await signIn(admin)
    expectStatus(await web.delete(`/api/v1/boards/${board.id}`), 204)

    await eventually(() => replica.closed()?.code === 4404)
    assert.isFalse(documentStore.isLoaded(board.id))
    assert.equal(await count('board_updates', { board_id: board.id }), 0)
  })
})

test.group('Board documents: persistence', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('when updates cannot be written the board leaves memory and its sockets close with 1011', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const replica = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const closes: number[] = []
    replica.provider.on('connection-close', (event) => event && closes.push(event.code))

    // Gone behind the store's back: writing its updates now breaks a foreign key.
    await db.from('boards').where('id', board.id).delete()
    createCard(replica.doc, { title: 'Lost cause' }, { userId: alice.id })

    await eventually(() => closes.includes(1011), 5000)
    assert.isFalse(documentStore.isLoaded(board.id))
    assert.deepEqual(boardSync.connectionsOf(board.id), [])
  })

  test('a corrupt row in the log is skipped and reported; the rest of the board loads', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin } = await teamCast()
    const board = await createBoard(townSquare, admin)
    await documentStore.close()
    const local = await storedDocument(board.id)
    const updates: Uint8Array[] = []
    local.on('update', (update: Uint8Array) => updates.push(update))
    createCard(local, { title: 'Before' }, { userId: admin.id })
    createCard(local, { title: 'After' }, { userId: admin.id })
    const createdAt = dbTimestamp(db.connection())
    const rows = [updates[0], Buffer.from('definitely not an update'), updates[1]]
    for (const data of rows) {
      await db
        .table('board_updates')
        .insert({ board_id: board.id, data: Buffer.from(data), created_at: createdAt })
    }
    const [, corrupt] = await db
      .from('board_updates')
      .where('board_id', board.id)
      .orderBy('id')
      .select('id')

    const reported: unknown[][] = []
    const original = logger.error
    logger.error = ((...args: unknown[]) => reported.push(args)) as typeof logger.error
    cleanup(() => {
      logger.error = original
    })
    const doc = await documentStore.open(board.id)
    documentStore.release(board.id, doc)

    assert.deepEqual(titles(doc), ['After', 'Before'])
    assert.lengthOf(reported, 1)
    assert.deepInclude(reported[0][0] as object, {
      boardId: board.id,
      updateId: String(corrupt.id),
    })
  })

  test('after compaction the snapshot plus the log tail load the same board', async ({
    assert,
  }) => {
    const { townSquare, admin } = await teamCast()
    const board = await createBoard(townSquare, admin)
    for (let index = 0; index < 20; index++) {
      await documentStore.transact(board.id, (doc) =>
        createCard(doc, { title: `Card ${index}` }, { userId: admin.id })
      )
    }
    const beforeRows = await count('board_updates', { board_id: board.id })
    assert.equal(beforeRows, 21)

    const { removed } = await documentStore.compact(board.id)
    assert.equal(removed, 21)
    assert.equal(await count('board_updates', { board_id: board.id }), 0)
    assert.equal(await count('board_snapshots', { board_id: board.id }), 1)

    await documentStore.transact(board.id, (doc) => {
      const [first] = boardJson(doc).cards
      updateCard(doc, first.id, { title: 'Renamed in the tail' }, { userId: admin.id })
      createCard(doc, { title: 'Tail card' }, { userId: admin.id })
    })
    const live = await documentStore.open(board.id)
    const expected = boardOf(live)
    documentStore.release(board.id, live)

    const stored = await readDocument(board.id)
    assert.equal(stored.tailRows, 1)
    assert.equal(boardOf(stored.doc), expected)
    assert.include(titles(stored.doc), 'Tail card')
    assert.include(titles(stored.doc), 'Renamed in the tail')
  })

  test('a long log is compacted in the background, and an idle document unloads into a snapshot', async ({
    assert,
    cleanup,
  }) => {
    boardSetting('documents.compactAfterUpdates', 10, cleanup)
    boardSetting('documents.idleUnloadMs', 100, cleanup)
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const replica = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    for (let index = 0; index < 15; index++) {
      createCard(replica.doc, { title: `Card ${index}` }, { userId: alice.id })
    }
    await eventually(async () => (await count('board_snapshots', { board_id: board.id })) === 1)
    await documentStore.flush()
    assert.isBelow(await count('board_updates', { board_id: board.id }), 10)
    const expected = boardOf(replica.doc)

    replica.provider.destroy()
    await eventually(() => !documentStore.isLoaded(board.id), 3000)
    assert.equal(await count('board_updates', { board_id: board.id }), 0)
    assert.equal(boardOf(await storedDocument(board.id)), expected)
  })
})

/**
 * A board whose data is committed (a server process cannot see the test's transaction) and is
 * removed when the test ends, with tokens of alice and bob.
 */
async function committedBoard(cleanup: Cleanup) {
  const { team, townSquare, admin, alice, bob } = await teamCast()
  cleanup(() => removeTeam(team, [admin, alice, bob]))
  const board = await createBoard(townSquare, admin)
  await documentStore.close()
  return { board, alice, bob, aliceToken: await tokenOf(alice), bobToken: await tokenOf(bob) }
}

/** Card titles `<prefix>-0` … `<prefix>-<count - 1>`. */
const numbered = (prefix: string, total: number) =>
  Array.from({ length: total }, (_, index) => `${prefix}-${index}`)

test.group('Board sync: a real server process', () => {
  test('every acknowledged update survives a SIGKILL of the server', async ({
    assert,
    cleanup,
  }) => {
    const { board, alice, bob, aliceToken, bobToken } = await committedBoard(cleanup)
    const port = await freePort()
    let server = await startServerProcess(port)
    cleanup(() => stopServerProcess(server, 'SIGTERM'))
    const endOfFirstRun = new Set<() => void>()
    const firstRun: Cleanup = (handler) => endOfFirstRun.add(handler as () => void)
    const a = await connect(board.id, { token: aliceToken }, firstRun, { port })
    const b = await connect(board.id, { token: bobToken }, firstRun, { port })

    const burst = 200
    for (let index = 0; index < burst; index++) {
      createCard(a.doc, { title: `a-${index}` }, { userId: alice.id })
      createCard(b.doc, { title: `b-${index}` }, { userId: bob.id })
    }
    // Each side has the other's updates: the server accepted (wrote) and relayed all of them.
    await eventually(
      () => titles(a.doc).length === 2 * burst && titles(b.doc).length === 2 * burst,
      20_000
    )

    await stopServerProcess(server, 'SIGKILL')
    assert.equal(server.child.signalCode, 'SIGKILL')
    // The old replicas go first: reconnecting, they would hand the new server what it lacks.
    for (const end of endOfFirstRun) end()
    server = await startServerProcess(port)

    const fresh = await connect(board.id, { token: aliceToken }, cleanup, { port })
    const expected = [...numbered('a', burst), ...numbered('b', burst)].sort()
    await eventually(() => titles(fresh.doc).length === 2 * burst, 10_000)
    assert.deepEqual(titles(fresh.doc), expected)
    assert.deepEqual(titles(await storedDocument(board.id)), expected)
  }).timeout(120_000)

  test('a server stopping gracefully closes its sockets with 1012 and compacts what it holds', async ({
    assert,
    cleanup,
  }) => {
    const { board, alice, aliceToken } = await committedBoard(cleanup)
    const port = await freePort()
    const server = await startServerProcess(port)
    cleanup(() => stopServerProcess(server, 'SIGKILL'))
    const replica = await connect(board.id, { token: aliceToken }, cleanup, { port })
    const closes: number[] = []
    replica.provider.on('connection-close', (event) => event && closes.push(event.code))
    const other = await connect(board.id, { token: aliceToken }, cleanup, { port })
    for (const title of numbered('card', 50)) {
      createCard(replica.doc, { title }, { userId: alice.id })
    }
    await eventually(() => titles(other.doc).length === 50)

    const started = Date.now()
    await stopServerProcess(server, 'SIGTERM')

    assert.isNull(server.child.signalCode, 'exited by itself, not killed')
    assert.isBelow(Date.now() - started, 10_000)
    assert.include(closes, 1012)
    assert.equal(await count('board_updates', { board_id: board.id }), 0)
    assert.equal(await count('board_snapshots', { board_id: board.id }), 1)
    assert.deepEqual(titles(await storedDocument(board.id)), numbered('card', 50).sort())
  }).timeout(120_000)
})

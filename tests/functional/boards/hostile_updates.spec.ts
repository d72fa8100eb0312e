import { test } from '@japa/runner'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import db from '@adonisjs/lucid/services/db'
import config from '@adonisjs/core/services/config'
import { dbTimestamp } from '#app/helpers/dates'
import {
  cardsOf,
  createCard,
  fieldList,
  fieldsOf,
  groupField,
  updateCard,
} from '#boards/document/index'
import { cardProjections } from '#boards/services/card_projection'
import { DocumentStore, documentStore, readDocument } from '#boards/services/document_store'
import { boardSync } from '#boards/sync/board_sync_server'
import { isolate } from '#tests/helpers/auth'
import { teamCast } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { eventually, type Cleanup } from '#tests/helpers/realtime'
import { withToken } from '#tests/helpers/auth'
import {
  closeBoardSockets,
  closeCode,
  connect,
  createBoard,
  rawSocket,
  storedDocument,
  tokenOf,
  upgradeAnswer,
  upgradeStatus,
  type RawSocket,
  boardSetting,
  syncFrame,
} from '#tests/helpers/boards'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Use for the updates a client would send: `changes` run one by one on a copy of the board as
 * the server stores it, and each one's update is captured (none is sent).
 */
async function updatesOf(boardId: string, ...changes: Array<(doc: Y.Doc) => void>) {
  const doc = await storedDocument(boardId)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const change of changes) {
    const before = updates.length
    doc.transact(() => change(doc))
    if (updates.length !== before + 1) throw new Error('a change makes one update')
  }
  doc.destroy()
  return updates
}

/** Use to send one update on a fresh socket of `token`'s user and see how the socket ends. */
async function sendAlone(boardId: string, token: string, update: Uint8Array, cleanup: Cleanup) {
  const raw = await rawSocket(boardId, { token }, cleanup)
  raw.ws.send(syncFrame(2, update))
  return raw
}

/** Use to see a socket stay open: still open a moment after its last message was handled. */
async function staysOpen(raw: RawSocket) {
  await documentStore.flush()
  await sleep(100)
  return raw.ws.readyState === raw.ws.OPEN
}

function titles(doc: Y.Doc) {
  return [...cardsOf(doc).values()].map((card) => String(card.get('title'))).sort()
}

/** What the document store holds live for a board (it is loaded while a socket is open). */
function live(boardId: string) {
  return documentStore.transact(boardId, (doc) => doc)
}

test.group('Board sync: updates that would stay pending', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('an update that builds on changes never sent is refused with 1007 and never stored', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    let id = ''
    const [, dependent] = await updatesOf(
      board.id,
      (doc) => (id = createCard(doc, { title: 'First' }, { userId: alice.id })),
      (doc) => updateCard(doc, id, { title: 'Second' }, { userId: alice.id })
    )
    const rowsBefore = await count('board_updates', { board_id: board.id })

    const raw = await sendAlone(board.id, await tokenOf(alice), dependent, cleanup)

    assert.equal(await closeCode(raw), 1007)
    const doc = await live(board.id)
    assert.isNull(doc.store.pendingStructs)
    assert.isNull(doc.store.pendingDs)
    assert.equal(await count('board_updates', { board_id: board.id }), rowsBefore)
  })

  test('a delete of changes never sent is refused with 1007 and never stored', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    let id = ''
    const [, deletion] = await updatesOf(
      board.id,
      (doc) => (id = createCard(doc, { title: 'Soon gone' }, { userId: alice.id })),
      (doc) => cardsOf(doc).delete(id)
    )
    const rowsBefore = await count('board_updates', { board_id: board.id })

    const raw = await sendAlone(board.id, await tokenOf(alice), deletion, cleanup)

    assert.equal(await closeCode(raw), 1007)
    const doc = await live(board.id)
    assert.isNull(doc.store.pendingDs)
    assert.equal(await count('board_updates', { board_id: board.id }), rowsBefore)
  })

  test('a board stored with pending changes loads without them, and writes to it still work', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    let id = ''
    const [, dependent] = await updatesOf(
      board.id,
      (doc) => (id = createCard(doc, { title: 'Never sent' }, { userId: alice.id })),
      (doc) => updateCard(doc, id, { description: 'x'.repeat(40_000) }, { userId: alice.id })
    )
    await documentStore.close()
    const size = Y.encodeStateAsUpdate(await storedDocument(board.id)).length
    // What an older server let into the log: a row that can never integrate.
    await db.table('board_updates').insert({
      board_id: board.id,
      data: Buffer.from(dependent),
      created_at: dbTimestamp(db.connection()),
    })
    boardSetting('documents.maxDocumentBytes', size + 10_000, cleanup)

    const client = await withToken(alice)
    const created = await client.post(`/api/v1/boards/${board.id}/cards`, { title: 'After' })
    assert.equal(created.status, 201)
    await documentStore.compact(board.id)
    await documentStore.close()

    const { doc } = await readDocument(board.id)
    assert.isNull(doc.store.pendingStructs)
    assert.deepEqual(titles(doc), ['After'])
    assert.isBelow(Y.encodeStateAsUpdate(doc).length, size + 10_000)
  })

  test('a REST write past the document cap answers 413 in our error shape', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const client = await withToken(alice)
    const first = await client.post(`/api/v1/boards/${board.id}/cards`, { title: 'Fits' })
    assert.equal(first.status, 201)
    const size = Y.encodeStateAsUpdate(await storedDocument(board.id)).length
    boardSetting('documents.maxDocumentBytes', size - 1, cleanup)

    const response = await client.post(`/api/v1/boards/${board.id}/cards`, { title: 'Too many' })

    assert.equal(response.status, 413)
    assert.equal(response.body.errors[0].code, 'document_too_large')
    assert.deepEqual(titles(await storedDocument(board.id)), ['Fits'])
  })
})

test.group('Board sync: amplification and memory', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('sync step 1 sent over and over is answered a few times a minute, not each time', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const raw = await rawSocket(board.id, { token: await tokenOf(bob, ['read']) }, cleanup)
    const answers = () => raw.received.filter((m) => m[0] === 0 && m[1] === 1).length

    for (let sent = 0; sent < 10; sent++) raw.ws.send(Buffer.from([0, 0, 1, 0]))

    const allowed = config.get<number>('board_sync.syncAnswersPerMinute')
    await eventually(() => answers() >= allowed)
    await sleep(300)
    assert.equal(answers(), allowed)
    assert.isTrue(await staysOpen(raw))
  })

  test('an update carrying more structs than allowed is refused with 1009 and not stored', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    boardSetting('documents.maxStructsPerUpdate', 50, cleanup)
    const [many] = await updatesOf(board.id, (doc) =>
      doc.transact(() => {
        for (let n = 0; n < 10; n++) createCard(doc, { title: `Card ${n}` }, { userId: alice.id })
      })
    )
    assert.isAbove(Y.decodeUpdate(many).structs.length, 50)
    const rowsBefore = await count('board_updates', { board_id: board.id })

    const raw = await sendAlone(board.id, await tokenOf(alice), many, cleanup)

    assert.equal(await closeCode(raw), 1009)
    assert.equal(await count('board_updates', { board_id: board.id }), rowsBefore)
  })

  test('a document holding as many structs as it may refuses more with 4413', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const [one, five] = await updatesOf(
      board.id,
      (doc) => createCard(doc, { title: 'One' }, { userId: alice.id }),
      (doc) =>
        doc.transact(() => {
          for (let n = 0; n < 5; n++) createCard(doc, { title: `More ${n}` }, { userId: alice.id })
        })
    )
    const { doc } = await readDocument(board.id)
    const held = [...doc.store.clients.values()].reduce((sum, list) => sum + list.length, 0)
    boardSetting(
      'documents.maxStructsPerDocument',
      held + Y.decodeUpdate(one).structs.length,
      cleanup
    )
    const raw = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)

    raw.ws.send(syncFrame(2, one))
    raw.ws.send(syncFrame(2, five))

    assert.equal(await closeCode(raw), 4413)
    assert.deepEqual(titles(await storedDocument(board.id)), ['One'])
  })

  test('an account writing faster than its budget is held back, in order, until it refills', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    boardSetting('writeBudget.structsPerSecond', 40, cleanup)
    boardSetting('writeBudget.burstStructs', 10, cleanup)
    const [burst, more] = await updatesOf(
      board.id,
      (doc) => {
        for (let n = 0; n < 3; n++) createCard(doc, { title: `Burst ${n}` }, { userId: alice.id })
      },
      (doc) => createCard(doc, { title: 'Held back' }, { userId: alice.id })
    )
    const raw = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)

    raw.ws.send(syncFrame(2, burst))
    raw.ws.send(syncFrame(2, more))

    const [connection] = boardSync.connectionsOf(board.id)
    await eventually(() => connection.socket.isPaused)
    assert.deepEqual(titles(await storedDocument(board.id)), ['Burst 0', 'Burst 1', 'Burst 2'])
    await eventually(async () => titles(await storedDocument(board.id)).includes('Held back'), 5000)
    assert.isFalse(connection.socket.isPaused)
    assert.isTrue(await staysOpen(raw))
  })

  test('many small updates from one account are held back by its update budget, in order', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    boardSetting('writeBudget.updatesPerSecond', 4, cleanup)
    boardSetting('writeBudget.burstUpdates', 2, cleanup)
    const changes = Array.from(
      { length: 4 },
      (_, n) => (doc: Y.Doc) => createCard(doc, { title: `Small ${n}` }, { userId: alice.id })
    )
    const updates = await updatesOf(board.id, ...changes)
    const raw = await rawSocket(board.id, { token: await tokenOf(alice) }, cleanup)

    for (const update of updates) raw.ws.send(syncFrame(2, update))

    const [connection] = boardSync.connectionsOf(board.id)
    await eventually(() => connection.socket.isPaused)
    assert.deepEqual(titles(await storedDocument(board.id)), ['Small 0', 'Small 1'])
    await eventually(async () => titles(await storedDocument(board.id)).length === 4, 5000)
    assert.deepEqual(titles(await storedDocument(board.id)), [
      'Small 0',
      'Small 1',
      'Small 2',
      'Small 3',
    ])
    assert.isTrue(await staysOpen(raw))
  })

  test('updates written together reach each other socket as one message, never their own sender', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    boardSetting('documents.writeBatchMs', 100, cleanup)
    const updates = await updatesOf(
      board.id,
      ...[0, 1, 2].map(
        (n) => (doc: Y.Doc) => createCard(doc, { title: `Batch ${n}` }, { userId: alice.id })
      )
    )
    const before = Y.encodeStateAsUpdate(await storedDocument(board.id))
    const token = await tokenOf(alice)
    const writer = await rawSocket(board.id, { token }, cleanup)
    const reader = await rawSocket(board.id, { token }, cleanup)
    await eventually(() => writer.received.length > 0 && reader.received.length > 0)
    await sleep(100)
    const [writerBefore, readerBefore] = [writer.received.length, reader.received.length]

    for (const update of updates) writer.ws.send(syncFrame(2, update))
    await eventually(async () => titles(await storedDocument(board.id)).length === 3)
    await sleep(100)

    const delivered = reader.received.slice(readerBefore)
    assert.lengthOf(delivered, 1)
    const decoder = decoding.createDecoder(delivered[0])
    assert.deepEqual([decoding.readVarUint(decoder), decoding.readVarUint(decoder)], [0, 2])
    const replica = new Y.Doc()
    Y.applyUpdate(replica, before)
    Y.applyUpdate(replica, decoding.readVarUint8Array(decoder))
    assert.deepEqual(titles(replica), ['Batch 0', 'Batch 1', 'Batch 2'])
    assert.lengthOf(writer.received.slice(writerBefore), 0)
  })

  test('an account reconnecting in a loop is refused with 429 past the sockets it may open a minute', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    boardSetting('opensPerMinute', 3, cleanup)
    const token = await tokenOf(alice)

    for (let n = 0; n < 3; n++) assert.equal(await upgradeStatus(board.id, { token }), 101)
    const refused = await upgradeAnswer(board.id, { token })

    assert.equal(refused.status, 429)
    assert.equal(refused.body.errors[0].code, 'rate_limited')
    assert.equal(await upgradeStatus(board.id, { token: await tokenOf(bob) }), 101)
  })

  test('past the documents a process may hold, another board is refused with 503 until one is idle', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const first = await createBoard(townSquare, admin)
    const second = await createBoard(townSquare, admin, { title: 'Second' })
    await documentStore.close()
    boardSetting('documents.maxLoadedDocuments', 1, cleanup)
    const token = await tokenOf(alice)
    const replica = await connect(first.id, { token }, cleanup)

    const refused = await upgradeAnswer(second.id, { token })
    assert.equal(refused.status, 503)
    assert.equal(refused.body.errors[0].code, 'board_unavailable')

    replica.provider.destroy()
    await eventually(async () => (await upgradeStatus(second.id, { token })) === 101)
    assert.isFalse(documentStore.isLoaded(first.id))
  })
})

test.group('Board sync: what a socket may write', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('socket writes outside the board rules are refused with 1007 and never stored', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const id = await documentStore.transact(board.id, (doc) =>
      createCard(doc, { title: 'Victim' }, { userId: admin.id })
    )
    const card = (doc: Y.Doc) => cardsOf(doc).get(id)!
    const text = (doc: Y.Doc, key: string) => card(doc).get(key) as Y.Text
    const fresh = (doc: Y.Doc, key: string, fill: (map: Y.Map<unknown>) => void) => {
      const map = new Y.Map<unknown>()
      cardsOf(doc).set(key, map)
      fill(map)
    }
    const stamped = (map: Y.Map<unknown>, by: string) => {
      map.set('title', new Y.Text('Forged'))
      map.set('createdBy', by)
      map.set('updatedBy', by)
    }
    const hostile: Record<string, (doc: Y.Doc) => void> = {
      'a 200,000-character title': (doc) => text(doc, 'title').insert(0, 'x'.repeat(200_000)),
      'a 300,000-character description': (doc) =>
        text(doc, 'description').insert(0, 'y'.repeat(300_000)),
      'a card made in someone else’s name': (doc) =>
        fresh(doc, '0190a8f4-8f1e-7000-8000-000000000001', (map) => stamped(map, bob.id)),
      'an edit signed by someone else': (doc) => card(doc).set('updatedBy', bob.id),
      'a card’s creation time rewritten': (doc) =>
        card(doc).set('createdAt', '2001-01-01T00:00:00.000Z'),
      'a card key that is not a UUID': (doc) =>
        fresh(doc, 'not-a-uuid', (map) => stamped(map, alice.id)),
      'a select value that is no option': (doc) => {
        const status = groupField(doc)!
        ;(card(doc).get('values') as Y.Map<unknown>).set(status.id, 'no-such-option')
      },
      'a key cards do not have': (doc) => card(doc).set('evil', 'x'),
      'a title that is not text': (doc) => card(doc).set('title', new Y.Array()),
      'a field of a type that does not exist': (doc) => {
        const field = new Y.Map<unknown>()
        fieldsOf(doc).set('f-evil', field)
        field.set('type', 'script')
      },
    }
    const token = await tokenOf(alice)
    for (const [what, change] of Object.entries(hostile)) {
      const [update] = await updatesOf(board.id, change)
      const raw = await sendAlone(board.id, token, update, cleanup)
      assert.equal(await closeCode(raw), 1007, what)
    }
    // The same socket path takes a change within the rules.
    const [fine] = await updatesOf(board.id, (doc) => text(doc, 'title').insert(6, ' (kept)'))
    const accepted = await sendAlone(board.id, token, fine, cleanup)
    assert.isTrue(await staysOpen(accepted))

    const stored = await storedDocument(board.id)
    assert.deepEqual(titles(stored), ['Victim (kept)'])
    assert.equal(String(cardsOf(stored).get(id)!.get('description')), '')
    assert.equal(cardsOf(stored).get(id)!.get('createdBy'), admin.id)
    assert.isFalse(fieldsOf(stored).has('f-evil'))
    await cardProjections.flush(board.id, await live(board.id))
    const rows = await db.from('cards').where('board_id', board.id).select('id', 'title')
    assert.deepEqual(rows, [{ id, title: 'Victim (kept)' }])
  })

  test('a card changed over a socket without naming its editor is stamped with the socket’s user', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const id = await documentStore.transact(board.id, (doc) =>
      createCard(doc, { title: 'Plan' }, { userId: admin.id })
    )
    const editor = await connect(board.id, { token: await tokenOf(alice) }, cleanup)
    const watcher = await connect(board.id, { token: await tokenOf(bob) }, cleanup)
    const startedAt = Date.now()

    ;(cardsOf(editor.doc).get(id)!.get('title') as Y.Text).insert(4, ' B')

    await eventually(() => cardsOf(watcher.doc).get(id)?.get('updatedBy') === alice.id)
    const card = cardsOf(watcher.doc).get(id)!
    assert.equal(String(card.get('title')), 'Plan B')
    assert.equal(card.get('createdBy'), admin.id)
    assert.isAtLeast(Date.parse(card.get('updatedAt') as string), startedAt - 1000)
    await eventually(() => cardsOf(editor.doc).get(id)?.get('updatedBy') === alice.id)
  })

  test('a card nested thousands of maps deep is refused with 1007 and the board keeps working', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const client = await withToken(alice)
    const card = await client.post(`/api/v1/boards/${board.id}/cards`, { title: 'Plain' })
    const [bomb] = await updatesOf(board.id, (doc) =>
      doc.transact(() => {
        let map = new Y.Map<unknown>()
        cardsOf(doc).set('0190a8f4-8f1e-7000-8000-0000000000ff', map)
        for (let depth = 0; depth < 2_000; depth++) {
          const inner = new Y.Map<unknown>()
          map.set('values', inner)
          map = inner
        }
      })
    )

    const raw = await sendAlone(board.id, await tokenOf(alice), bomb, cleanup)

    assert.equal(await closeCode(raw), 1007)
    assert.deepEqual(titles(await storedDocument(board.id)), ['Plain'])
    const deleted = await client.delete(`/api/v1/cards/${card.body.id}`)
    assert.equal(deleted.status, 204)
  })

  test('a board full of legitimate changes from a template is accepted whole', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const [cards] = await updatesOf(board.id, (doc) =>
      doc.transact(() => {
        const status = groupField(doc)!
        for (const option of status.options ?? []) {
          createCard(
            doc,
            { title: option.label, values: { [status.id]: option.id } },
            { userId: alice.id }
          )
        }
      })
    )
    const raw = await sendAlone(board.id, await tokenOf(alice), cards, cleanup)
    assert.isTrue(await staysOpen(raw))
    const stored = await storedDocument(board.id)
    assert.equal(cardsOf(stored).size, groupField(stored)!.options!.length)
    assert.isAbove(fieldList(stored).length, 0)
  })
})

test.group('Board documents: compaction by more than one process', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a compaction by another process keeps the rows written after it read the board', async ({
    assert,
  }) => {
    const { townSquare, admin } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const console = new DocumentStore()
    await console.open(board.id)

    await documentStore.transact(board.id, (doc) =>
      createCard(doc, { title: 'Written by the server' }, { userId: admin.id })
    )
    await console.compact(board.id)
    await console.close()
    documentStore.discard(board.id)

    assert.deepEqual(titles(await storedDocument(board.id)), ['Written by the server'])
  })

  test('a stale copy compacting after a newer snapshot merges into it instead of replacing it', async ({
    assert,
  }) => {
    const { townSquare, admin } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const console = new DocumentStore()
    await console.open(board.id)

    await documentStore.transact(board.id, (doc) =>
      createCard(doc, { title: 'Compacted by the server' }, { userId: admin.id })
    )
    await documentStore.compact(board.id)
    await documentStore.transact(board.id, (doc) =>
      createCard(doc, { title: 'Written after' }, { userId: admin.id })
    )
    await console.compact(board.id)
    await console.close()
    documentStore.discard(board.id)

    assert.deepEqual(titles(await storedDocument(board.id)), [
      'Compacted by the server',
      'Written after',
    ])
  })
})

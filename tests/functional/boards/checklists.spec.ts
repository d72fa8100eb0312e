import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { addChecklistItem, cardJson, cardsOf } from '#boards/document/index'
import { FORBIDDEN, UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { isolate } from '#tests/helpers/auth'
import { join } from '#tests/helpers/memberships'
import { send } from '#tests/helpers/chat'
import { eventually } from '#tests/helpers/realtime'
import { WebClient, expectStatus, type WebResponse } from '#tests/helpers/web_client'
import { documentStore } from '#boards/services/document_store'
import { CARD_NOT_FOUND, addCard, taskBoard, unloadBoards } from '#tests/helpers/board_api'
import { closeBoardSockets, connect, storedDocument, tokenOf } from '#tests/helpers/boards'

/** Use for a validation 422: our error shape, naming the input at fault. */
function assertInvalid(assert: Assert, response: WebResponse, field: string) {
  assert.equal(response.status, 422, JSON.stringify(response.body))
  const [entry] = response.body.errors
  assert.sameMembers(Object.keys(entry), ['code', 'message', 'field'])
  assert.equal(entry.field, field)
}

const ITEM_NOT_FOUND = { code: 'not_found', message: 'Checklist item not found' }

/** Use to read a card's checklist progress as the SQL projection holds it. */
async function progressRow(cardId: string) {
  const row = await db
    .from('cards')
    .where('id', cardId)
    .select('checklist_done', 'checklist_total')
    .first()
  return { done: Number(row.checklist_done), total: Number(row.checklist_total) }
}

/** Use to add an item the test relies on (201 expected); answers the item. */
async function addItem(client: WebClient, cardId: string, fields: Record<string, unknown>) {
  return expectStatus(await client.post(`/api/v1/cards/${cardId}/checklist`, fields), 201).body
}

test.group('Card checklists over REST', (group) => {
  isolate(group)
  unloadBoards(group)

  test('an editor adds, ticks, renames, moves and removes items; the card and its row follow', async ({
    assert,
  }) => {
    const { as, users, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Release' })
    assert.deepEqual(card.checklist, [])
    assert.deepEqual(card.progress, { done: 0, total: 0 })
    assert.deepEqual(await progressRow(card.id), { done: 0, total: 0 })

    const build = await addItem(as.alice, card.id, { text: ' Build ' })
    assert.containsSubset(build, { text: 'Build', done: false })
    assert.sameMembers(Object.keys(build), ['id', 'text', 'done'])
    const ship = await addItem(as.owner, card.id, { text: 'Ship' })
    const check = await addItem(as.alice, card.id, { text: 'Test', afterId: build.id })
    const plan = await addItem(as.alice, card.id, { text: 'Plan', beforeId: build.id })

    const ticked = await as.alice.patch(`/api/v1/cards/${card.id}/checklist/${build.id}`, {
      done: true,
    })
    assert.equal(ticked.status, 200, JSON.stringify(ticked.body))
    assert.deepEqual(ticked.body, { id: build.id, text: 'Build', done: true })
    assert.deepEqual(await progressRow(card.id), { done: 1, total: 4 })

    const moved = await as.alice.patch(`/api/v1/cards/${card.id}/checklist/${plan.id}`, {
      text: 'Plan it',
      afterId: ship.id,
    })
    assert.deepEqual(moved.body, { id: plan.id, text: 'Plan it', done: false })
    expectStatus(await as.alice.delete(`/api/v1/cards/${card.id}/checklist/${check.id}`), 204)

    const read = expectStatus(await as.bob.get(`/api/v1/cards/${card.id}`), 200).body
    assert.deepEqual(read.checklist, [
      { id: build.id, text: 'Build', done: true },
      { id: ship.id, text: 'Ship', done: false },
      { id: plan.id, text: 'Plan it', done: false },
    ])
    assert.deepEqual(read.progress, { done: 1, total: 3 })
    assert.equal(read.updatedBy, users.alice.id)
    assert.deepEqual(await progressRow(card.id), { done: 1, total: 3 })

    const listed = expectStatus(await as.bob.get(cards), 200).body.data
    assert.deepEqual(listed[0].progress, { done: 1, total: 3 })
    const document = expectStatus(await as.bob.get(cards.replace(/cards$/, 'document')), 200).body
    assert.deepEqual(document.cards[0].checklist, read.checklist)
  })

  test('refused items answer 422 in our error shape and write nothing', async ({ assert }) => {
    const { as, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Release' })
    const item = await addItem(as.alice, card.id, { text: 'Build' })
    const list = `/api/v1/cards/${card.id}/checklist`
    const path = `${list}/${item.id}`

    assertInvalid(assert, await as.alice.post(list, { text: '  ' }), 'text')
    assertInvalid(assert, await as.alice.post(list, { text: 'x'.repeat(501) }), 'text')
    assertInvalid(assert, await as.alice.post(list, {}), 'text')
    assertInvalid(assert, await as.alice.patch(path, { done: 'yes' }), 'done')
    assertInvalid(assert, await as.alice.patch(path, { index: -1 }), 'index')
    assertError(assert, await as.alice.post(list, { text: 'Next', afterId: randomUUID() }), 422, {
      code: 'not_in_checklist',
      field: 'afterId',
    })
    assertError(
      assert,
      await as.alice.patch(path, { text: 'Renamed', done: true, beforeId: randomUUID() }),
      422,
      { code: 'not_in_checklist', field: 'beforeId' }
    )

    const read = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}`), 200).body
    assert.deepEqual(read.checklist, [{ id: item.id, text: 'Build', done: false }])
    assert.deepEqual(await progressRow(card.id), { done: 0, total: 1 })
  })

  test('a card holds at most 100 items: the 101st is a 422 too_many', async ({ assert }) => {
    const { as, board, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Long' })
    await documentStore.transact(board.id, (doc) => {
      for (let i = 0; i < 100; i++) {
        addChecklistItem(doc, card.id, { text: `Step ${i}` }, { userId: card.createdBy })
      }
    })

    assertError(
      assert,
      await as.alice.post(`/api/v1/cards/${card.id}/checklist`, { text: 'One more' }),
      422,
      { code: 'too_many', field: 'checklist' }
    )
    const read = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}`), 200).body
    assert.deepEqual(read.progress, { done: 0, total: 100 })
  })

  test('unknown items and cards are 404; viewers and commenters 403; strangers 404', async ({
    assert,
  }) => {
    const { as, users, dev, board, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Mine' })
    const item = await addItem(as.alice, card.id, { text: 'Build' })
    const path = `/api/v1/cards/${card.id}/checklist/${item.id}`

    const unknown = `/api/v1/cards/${card.id}/checklist/${randomUUID()}`
    assertError(assert, await as.alice.patch(unknown, { done: true }), 404, ITEM_NOT_FOUND)
    assertError(assert, await as.alice.delete(unknown), 404, ITEM_NOT_FOUND)
    const noCard = `/api/v1/cards/${randomUUID()}/checklist`
    assertError(assert, await as.alice.post(noCard, { text: 'x' }), 404, CARD_NOT_FOUND)

    // bob reads the public channel: a viewer. Made a member with commenters by default: a commenter.
    assertError(assert, await as.bob.patch(path, { done: true }), 403, FORBIDDEN)
    await join(dev, users.bob)
    expectStatus(
      await as.owner.patch(`/api/v1/boards/${board.id}`, { defaultRole: 'commenter' }),
      200
    )
    for (const client of [as.alice, as.bob]) {
      assertError(
        assert,
        await client.post(`/api/v1/cards/${card.id}/checklist`, { text: 'x' }),
        403,
        FORBIDDEN
      )
      assertError(assert, await client.patch(path, { done: true }), 403, FORBIDDEN)
      assertError(assert, await client.delete(path), 403, FORBIDDEN)
    }
    assertError(assert, await as.guest.patch(path, { done: true }), 404, CARD_NOT_FOUND)
    assertError(assert, await as.outsider.delete(path), 404, CARD_NOT_FOUND)
    assertError(assert, await new WebClient().delete(path), 401, UNAUTHENTICATED)

    const read = expectStatus(await as.owner.get(`/api/v1/cards/${card.id}`), 200).body
    assert.deepEqual(read.checklist, [{ id: item.id, text: 'Build', done: false }])
  })
})

test.group('Card checklists in chat previews', (group) => {
  isolate(group)
  unloadBoards(group)

  test('a message naming a card previews its checklist progress', async ({ assert }) => {
    const { as, dev, key, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Release' })
    const build = await addItem(as.alice, card.id, { text: 'Build' })
    await addItem(as.alice, card.id, { text: 'Ship' })
    expectStatus(
      await as.alice.patch(`/api/v1/cards/${card.id}/checklist/${build.id}`, { done: true }),
      200
    )

    const message = await send(as.alice, dev.id, `Where are we with ${key}-${card.number}?`)
    const shown = expectStatus(await as.bob.get(`/api/v1/posts/${message.id}`), 200).body
    assert.lengthOf(shown.embeds, 1)
    assert.deepEqual(shown.embeds[0].card.progress, { done: 1, total: 2 })
  })
})

test.group('Card checklists live', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('items changed over REST reach a connected client, and its own items reach REST and SQL', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, board, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Live' })
    const client = await connect(board.id, { token: await tokenOf(users.alice) }, cleanup)
    await eventually(() => cardsOf(client.doc).has(card.id))

    const item = await addItem(as.alice, card.id, { text: 'Over REST' })
    await eventually(() => cardJson(client.doc, card.id).checklist.length === 1)
    assert.deepEqual(cardJson(client.doc, card.id).checklist, [
      { id: item.id, text: 'Over REST', done: false },
    ])
    expectStatus(
      await as.alice.patch(`/api/v1/cards/${card.id}/checklist/${item.id}`, { done: true }),
      200
    )
    await eventually(() => cardJson(client.doc, card.id).progress.done === 1)

    // The web app writes items into its own copy: the server accepts them from the socket.
    const mine = addChecklistItem(
      client.doc,
      card.id,
      { text: 'From the socket' },
      { userId: users.alice.id }
    )
    await eventually(async () => {
      const read = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}`), 200).body
      return read.checklist.some((entry: { id: string }) => entry.id === mine)
    })
    await eventually(async () => {
      const row = await progressRow(card.id)
      return row.total === 2
    }, 3000)
    assert.deepEqual(await progressRow(card.id), { done: 1, total: 2 })
    assert.deepEqual(
      cardJson(await storedDocument(board.id), card.id).checklist.map((entry) => entry.text),
      ['Over REST', 'From the socket']
    )
  })
})

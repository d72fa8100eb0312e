import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { boardProjection, moveCard } from '#boards/document/index'
import { documentStore, readDocument } from '#boards/services/document_store'
import { FORBIDDEN, UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { isolate } from '#tests/helpers/auth'
import { count } from '#tests/helpers/data'
import { join } from '#tests/helpers/memberships'
import { eventually } from '#tests/helpers/realtime'
import { seededRandom } from '#tests/helpers/random_board_operations'
import { WebClient, expectStatus, statusOf } from '#tests/helpers/web_client'
import {
  BOARD_NOT_FOUND,
  CARD_NOT_FOUND,
  cardRow,
  cardRows,
  documentOf,
  unloadBoards,
  type CardRow,
  taskBoard,
  addCard,
} from '#tests/helpers/board_api'

/** Every key of a card in the API (CardJson, with its links: card_service.ts LinkedCardJson). */
const CARD_FIELDS = [
  'id',
  'title',
  'description',
  'values',
  'checklist',
  'progress',
  'position',
  'archived',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'boardId',
  'number',
  'ref',
  'threadId',
  'sourcePostId',
  'url',
]

/** Use to compare card lists by title, in the order answered. */
function titles(response: { body: { data: Array<{ title: string }> } }) {
  return response.body.data.map((card) => card.title)
}

/** The ids of the open cards of a column, from the document as the API answers it. */
async function column(client: WebClient, boardId: string, id: string | null) {
  const document = await documentOf(client, boardId)
  return document.columns.find((entry: { id: string | null }) => entry.id === id).cardIds
}

test.group('Cards: the document and new cards', (group) => {
  isolate(group)
  unloadBoards(group)

  test('anyone who can see a board reads its whole document', async ({ assert }) => {
    const { as, board, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'First', column: ids.doing })

    const response = await as.bob.get(`/api/v1/boards/${board.id}/document`)

    assert.equal(response.status, 200)
    assert.sameMembers(Object.keys(response.body), [
      'schemaVersion',
      'groupBy',
      'fields',
      'views',
      'columns',
      'cards',
    ])
    assert.equal(response.body.groupBy, ids.status)
    assert.deepEqual(
      response.body.fields.map((field: any) => [field.name, field.type]),
      [
        ['Status', 'select'],
        ['Assignee', 'person'],
        ['Due date', 'date'],
        ['Priority', 'select'],
      ]
    )
    assert.deepEqual(
      response.body.columns.map((entry: any) => [entry.label, entry.cardIds]),
      [
        ['No Status', []],
        ['To do', []],
        ['In progress', [card.id]],
        ['Done', []],
      ]
    )
    assert.deepEqual(response.body.cards, [card])
    assertError(
      assert,
      await new WebClient().get(`/api/v1/boards/${board.id}/document`),
      401,
      UNAUTHENTICATED
    )
  })

  test('an editor creates a card that is stored and projected before the answer', async ({
    assert,
  }) => {
    const { as, users, board, ids, cards } = await taskBoard()
    const before = await count('board_updates', { board_id: board.id })

    const response = await as.alice.post(cards, {
      title: 'Write the release notes',
      description: 'For **1.2**',
      column: ids.todo,
      values: {
        [ids.assignee]: [users.alice.id, users.bob.id.toUpperCase()],
        [ids.due]: '2025-03-10T15:30:00+02:00',
        [ids.priority]: ids.high,
      },
    })

    assert.equal(response.status, 201, JSON.stringify(response.body))
    const card = response.body
    assert.sameMembers(Object.keys(card), CARD_FIELDS)
    assert.containsSubset(card, {
      title: 'Write the release notes',
      description: 'For **1.2**',
      archived: false,
      createdBy: users.alice.id,
      updatedBy: users.alice.id,
      values: {
        [ids.status]: ids.todo,
        [ids.assignee]: [users.alice.id, users.bob.id],
        [ids.due]: '2025-03-10T13:30:00.000Z',
        [ids.priority]: ids.high,
      },
    })
    assert.deepEqual(await cardRow(card.id), {
      id: card.id,
      title: 'Write the release notes',
      groupValue: ids.todo,
      dueAt: '2025-03-10T13:30:00.000Z',
      archived: false,
      position: card.position,
      assignees: [users.alice.id, users.bob.id].sort(),
      values: card.values,
    })
    assert.isAbove(await count('board_updates', { board_id: board.id }), before)
    await documentStore.flush()
    const { doc } = await readDocument(board.id)
    assert.equal(boardProjection(doc).find((entry) => entry.id === card.id)?.title, card.title)
    doc.destroy()
  })

  test('a card without a column goes to "no value", and a due day is projected as that UTC day', async ({
    assert,
  }) => {
    const { as, board, ids, cards } = await taskBoard()

    const card = await addCard(as.alice, cards, {
      title: 'Someday',
      values: { [ids.due]: '2025-03-10' },
    })

    assert.isNull(card.values[ids.status])
    assert.equal(card.values[ids.due], '2025-03-10')
    const row = (await cardRow(card.id))!
    assert.isNull(row.groupValue)
    assert.equal(row.dueAt, '2025-03-10T00:00:00.000Z')
    assert.deepEqual(row.assignees, [])
    assert.deepEqual(await column(as.alice, board.id, null), [card.id])
  })

  test('a new card is placed after or before a card of its column, else last', async ({
    assert,
  }) => {
    const { as, board, ids, cards } = await taskBoard()
    const a = await addCard(as.alice, cards, { title: 'a', column: ids.todo })
    const b = await addCard(as.alice, cards, { title: 'b', column: ids.todo })
    const c = await addCard(as.alice, cards, { title: 'c', column: ids.todo, afterId: a.id })
    const d = await addCard(as.alice, cards, { title: 'd', column: ids.todo, beforeId: a.id })

    assert.deepEqual(await column(as.alice, board.id, ids.todo), [d.id, a.id, c.id, b.id])
    const rows = await cardRows(board.id)
    const positions = [d, a, c, b].map((card) => rows.get(card.id)!.position)
    assert.deepEqual(positions, [...positions].sort())

    const elsewhere = await as.alice.post(cards, { title: 'e', column: ids.done, afterId: a.id })
    assertError(assert, elsewhere, 422, { code: 'not_in_column', field: 'afterId' })
  })

  test('a refused card names the input at fault and writes nothing', async ({ assert }) => {
    const { as, board, ids, cards } = await taskBoard()
    const updates = await count('board_updates', { board_id: board.id })
    const unknownField = randomUUID()

    const refusals: Array<[Record<string, unknown>, string, string]> = [
      [{ values: { [unknownField]: 'x' } }, `values.${unknownField}`, 'unknown_field'],
      [{ column: randomUUID() }, 'column', 'unknown_option'],
      [{ values: { [ids.priority]: ids.todo } }, `values.${ids.priority}`, 'unknown_option'],
      [{ values: { [ids.due]: 'next tuesday' } }, `values.${ids.due}`, 'invalid_date'],
      [{ values: { [ids.due]: '2025-02-30' } }, `values.${ids.due}`, 'invalid_date'],
      [{ values: { [ids.assignee]: ['bob'] } }, `values.${ids.assignee}`, 'invalid_user_id'],
      [{ values: { [ids.assignee]: 'bob' } }, `values.${ids.assignee}`, 'invalid_type'],
    ]
    for (const [fields, field, code] of refusals) {
      assertError(assert, await as.alice.post(cards, { title: 'x', ...fields }), 422, {
        code,
        field,
      })
    }
    const untitled = await as.alice.post(cards, { title: '  ' })
    assert.equal(untitled.status, 422)
    assert.equal(untitled.body.errors[0].field, 'title')

    assert.equal(await count('cards', { board_id: board.id }), 0)
    assert.equal(await count('board_updates', { board_id: board.id }), updates)
    const document = await documentOf(as.alice, board.id)
    assert.deepEqual(document.cards, [])
  })

  test('viewers and commenters may not create cards; people who cannot see the board get a 404', async ({
    assert,
  }) => {
    const { as, users, board, cards } = await taskBoard()
    expectStatus(
      await as.owner.put(`/api/v1/boards/${board.id}/members/${users.alice.id}`, {
        role: 'commenter',
      }),
      200
    )

    assertError(assert, await as.bob.post(cards, { title: 'x' }), 403, FORBIDDEN)
    assertError(assert, await as.alice.post(cards, { title: 'x' }), 403, FORBIDDEN)
    assertError(assert, await as.guest.post(cards, { title: 'x' }), 404, BOARD_NOT_FOUND)
    assertError(assert, await as.outsider.post(cards, { title: 'x' }), 404, BOARD_NOT_FOUND)
    assertError(assert, await new WebClient().post(cards, { title: 'x' }), 401, UNAUTHENTICATED)
    expectStatus(await as.owner.post(cards, { title: 'by the admin' }), 201)
    assert.equal(await count('cards', { board_id: board.id }), 1)
  })
})

test.group('Cards: reading, changing and deleting a card', (group) => {
  isolate(group)
  unloadBoards(group)

  test('a card is read by its id by anyone who can see its board', async ({ assert }) => {
    const { as, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Read me', column: ids.todo })

    const response = await as.bob.get(`/api/v1/cards/${card.id}`)

    assert.equal(response.status, 200)
    assert.deepEqual(response.body, card)
    assertError(assert, await as.bob.get(`/api/v1/cards/${randomUUID()}`), 404, CARD_NOT_FOUND)
    assertError(assert, await as.bob.get('/api/v1/cards/nope'), 404, CARD_NOT_FOUND)
    assertError(assert, await as.outsider.get(`/api/v1/cards/${card.id}`), 404, CARD_NOT_FOUND)
    assertError(assert, await new WebClient().get(`/api/v1/cards/${card.id}`), 401, UNAUTHENTICATED)
  })

  test('changing a card’s title, description and values is stored and projected', async ({
    assert,
  }) => {
    const { as, users, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Draft', column: ids.todo })
    const path = `/api/v1/cards/${card.id}`

    const response = await as.owner.patch(path, {
      title: 'Draft the plan',
      description: 'Two pages',
      values: {
        [ids.assignee]: [users.bob.id, users.alice.id],
        [ids.due]: '2025-04-01T09:00:00Z',
        [ids.priority]: ids.low,
      },
    })

    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.containsSubset(response.body, {
      id: card.id,
      title: 'Draft the plan',
      description: 'Two pages',
      createdBy: users.alice.id,
      updatedBy: users.owner.id,
      values: { [ids.status]: ids.todo, [ids.priority]: ids.low },
    })
    assert.containsSubset(await cardRow(card.id), {
      title: 'Draft the plan',
      groupValue: ids.todo,
      dueAt: '2025-04-01T09:00:00.000Z',
      assignees: [users.alice.id, users.bob.id].sort(),
    })

    const cleared = await as.owner.patch(path, {
      values: { [ids.assignee]: [], [ids.due]: null },
    })
    assert.equal(cleared.status, 200)
    assert.isNull(cleared.body.values[ids.assignee])
    assert.isNull(cleared.body.values[ids.due])
    assert.equal(cleared.body.values[ids.priority], ids.low)
    assert.containsSubset(await cardRow(card.id), {
      title: 'Draft the plan',
      dueAt: null,
      assignees: [],
    })
    assert.equal(await count('card_assignees', { card_id: card.id }), 0)
  })

  test('moving a card changes its column and its place in one change', async ({ assert }) => {
    const { as, board, ids, cards } = await taskBoard()
    const a = await addCard(as.alice, cards, { title: 'a', column: ids.todo })
    const b = await addCard(as.alice, cards, { title: 'b', column: ids.todo })
    const c = await addCard(as.alice, cards, { title: 'c', column: ids.doing })

    const moved = await as.alice.patch(`/api/v1/cards/${c.id}`, {
      column: ids.todo,
      position: { index: 0 },
    })

    assert.equal(moved.status, 200)
    assert.equal(moved.body.values[ids.status], ids.todo)
    assert.deepEqual(await column(as.alice, board.id, ids.todo), [c.id, a.id, b.id])
    assert.deepEqual(await column(as.alice, board.id, ids.doing), [])
    let rows = await cardRows(board.id)
    assert.equal(rows.get(c.id)!.groupValue, ids.todo)
    assert.isTrue(rows.get(c.id)!.position < rows.get(a.id)!.position)

    expectStatus(
      await as.alice.patch(`/api/v1/cards/${a.id}`, { position: { afterId: b.id } }),
      200
    )
    assert.deepEqual(await column(as.alice, board.id, ids.todo), [c.id, b.id, a.id])
    expectStatus(await as.alice.patch(`/api/v1/cards/${b.id}`, { column: null, position: {} }), 200)
    rows = await cardRows(board.id)
    assert.isNull(rows.get(b.id)!.groupValue)
    assert.deepEqual(await column(as.alice, board.id, null), [b.id])
  })

  test('an archived card keeps its row, marked archived, and leaves its column until restored', async ({
    assert,
  }) => {
    const { as, board, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Old', column: ids.done })

    const archived = await as.alice.patch(`/api/v1/cards/${card.id}`, { archived: true })

    assert.equal(archived.status, 200)
    assert.isTrue(archived.body.archived)
    assert.containsSubset(await cardRow(card.id), { archived: true })
    assert.deepEqual(await column(as.alice, board.id, ids.done), [])
    expectStatus(await as.alice.patch(`/api/v1/cards/${card.id}`, { archived: false }), 200)
    assert.containsSubset(await cardRow(card.id), { archived: false })
    assert.deepEqual(await column(as.alice, board.id, ids.done), [card.id])
  })

  test('a refused change names the input at fault and changes nothing', async ({ assert }) => {
    const { as, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Steady', column: ids.todo })
    const path = `/api/v1/cards/${card.id}`

    assertError(assert, await as.alice.patch(path, { values: { [ids.priority]: 'high' } }), 422, {
      code: 'unknown_option',
      field: `values.${ids.priority}`,
    })
    assertError(assert, await as.alice.patch(path, { column: randomUUID() }), 422, {
      code: 'unknown_option',
      field: 'column',
    })
    assertError(assert, await as.alice.patch(path, { position: { beforeId: randomUUID() } }), 422, {
      code: 'not_in_column',
      field: 'beforeId',
    })
    assertError(
      assert,
      await as.alice.patch(path, { title: 'Changed', values: { [ids.due]: 'soon' } }),
      422,
      { code: 'invalid_date', field: `values.${ids.due}` }
    )
    const notBoolean = await as.alice.patch(path, { archived: 'yes' })
    assert.equal(notBoolean.status, 422)
    assert.equal(notBoolean.body.errors[0].field, 'archived')
    const negative = await as.alice.patch(path, { position: { index: -1 } })
    assert.equal(negative.status, 422)
    assert.equal(negative.body.errors[0].field, 'position.index')
    assertError(
      assert,
      await as.alice.patch(`/api/v1/cards/${randomUUID()}`, { title: 'x' }),
      404,
      CARD_NOT_FOUND
    )

    const unchanged = await as.alice.get(path)
    assert.deepEqual(unchanged.body, card)
    assert.containsSubset(await cardRow(card.id), {
      title: 'Steady',
      groupValue: ids.todo,
    })
  })

  test('viewers and commenters read cards but may not change or delete them', async ({
    assert,
  }) => {
    const { as, users, dev, board, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Mine', column: ids.todo })
    await join(dev, users.bob)
    expectStatus(
      await as.owner.patch(`/api/v1/boards/${board.id}`, { defaultRole: 'commenter' }),
      200
    )
    const path = `/api/v1/cards/${card.id}`

    for (const client of [as.alice, as.bob]) {
      assert.equal(await statusOf(client.get(path)), 200)
      assertError(assert, await client.patch(path, { title: 'Theirs' }), 403, FORBIDDEN)
      assertError(assert, await client.delete(path), 403, FORBIDDEN)
    }
    assertError(assert, await as.guest.delete(path), 404, CARD_NOT_FOUND)
    assertError(assert, await new WebClient().delete(path), 401, UNAUTHENTICATED)
    assert.containsSubset(await cardRow(card.id), { title: 'Mine' })
  })

  test('deleting a card removes it from the document, its row and its assignees', async ({
    assert,
  }) => {
    const { as, users, board, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, {
      title: 'Doomed',
      values: { [ids.assignee]: [users.bob.id] },
    })
    const kept = await addCard(as.alice, cards, { title: 'Kept' })
    assert.equal(await count('card_assignees', { card_id: card.id }), 1)

    assert.equal(await statusOf(as.alice.delete(`/api/v1/cards/${card.id}`)), 204)

    const rows = await cardRows(board.id)
    assert.deepEqual([...rows.keys()], [kept.id])
    assert.equal(await count('card_assignees', { card_id: card.id }), 0)
    const document = await documentOf(as.alice, board.id)
    assert.deepEqual(
      document.cards.map((entry: { id: string }) => entry.id),
      [kept.id]
    )
    assertError(assert, await as.alice.get(`/api/v1/cards/${card.id}`), 404, CARD_NOT_FOUND)
    assertError(assert, await as.alice.delete(`/api/v1/cards/${card.id}`), 404, CARD_NOT_FOUND)
  })
})

test.group('Cards: listing and filtering', (group) => {
  isolate(group)
  unloadBoards(group)

  test('cards are filtered by column, assignee, due date, title words, values and archived', async ({
    assert,
  }) => {
    const { as, users, ids, cards } = await taskBoard()
    const alice = users.alice.id
    const notes = await addCard(as.alice, cards, {
      title: 'Write release notes',
      column: ids.todo,
      values: { [ids.assignee]: [alice], [ids.due]: '2025-03-10', [ids.priority]: ids.high },
    })
    await addCard(as.alice, cards, {
      title: 'Fix the login bug',
      column: ids.doing,
      values: { [ids.assignee]: [users.bob.id], [ids.due]: '2025-03-20', [ids.priority]: ids.low },
    })
    await addCard(as.alice, cards, { title: 'Plan the offsite' })
    await addCard(as.alice, cards, { title: 'Ship 100% of it', column: ids.todo })
    const party = await addCard(as.alice, cards, {
      title: 'Release party',
      column: ids.todo,
      values: { [ids.assignee]: [alice] },
    })
    expectStatus(await as.alice.patch(`/api/v1/cards/${party.id}`, { archived: true }), 200)
    await addCard(as.alice, cards, { title: 'Urgent', column: ids.todo, beforeId: notes.id })

    const list = (query = '') => as.bob.get(`${cards}${query}`)

    const all = await list()
    assert.equal(all.status, 200)
    assert.isNull(all.body.next)
    assert.deepEqual(titles(all), [
      'Plan the offsite',
      'Urgent',
      'Write release notes',
      'Ship 100% of it',
      'Fix the login bug',
    ])
    assert.sameMembers(Object.keys(all.body.data[0]), CARD_FIELDS)
    assert.deepEqual(titles(await list(`?column=${ids.todo}`)), [
      'Urgent',
      'Write release notes',
      'Ship 100% of it',
    ])
    assert.deepEqual(titles(await list('?column=')), ['Plan the offsite'])
    assert.deepEqual(titles(await list(`?assignee=${alice}`)), ['Write release notes'])
    assert.deepEqual(titles(await list(`?assignee=${alice}&archived=true`)), ['Release party'])
    assert.deepEqual(titles(await list('?dueBefore=2025-03-15')), ['Write release notes'])
    assert.deepEqual(titles(await list('?dueAfter=2025-03-15')), ['Fix the login bug'])
    assert.deepEqual(titles(await list('?dueAfter=2025-03-10&dueBefore=2025-03-21')), [
      'Write release notes',
      'Fix the login bug',
    ])
    assert.deepEqual(titles(await list('?q=RELEASE')), ['Write release notes'])
    assert.deepEqual(titles(await list('?q=100%25')), ['Ship 100% of it'])
    assert.deepEqual(titles(await list('?q=the_')), [])
    assert.deepEqual(titles(await list(`?values[${ids.priority}]=${ids.high}`)), [
      'Write release notes',
    ])
    assert.deepEqual(titles(await list(`?values[${ids.assignee}]=${users.bob.id}`)), [
      'Fix the login bug',
    ])
    assert.deepEqual(titles(await list('?limit=2')), ['Plan the offsite', 'Urgent'])
  })

  test('filters of the wrong shape are refused', async ({ assert }) => {
    const { as, cards } = await taskBoard()

    for (const [query, field] of [
      ['assignee=alice', 'assignee'],
      ['dueBefore=someday', 'dueBefore'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['archived=maybe', 'archived'],
    ]) {
      const response = await as.alice.get(`${cards}?${query}`)
      assert.equal(response.status, 422, query)
      assert.equal(response.body.errors[0].field, field)
    }
  })
})

/** A card row as the projection of the document says it should be. */
function expectedRow(card: ReturnType<typeof boardProjection>[number]): CardRow {
  const dueAt = card.dueAt ? new Date(card.dueAt).toISOString() : null
  return {
    id: card.id,
    title: card.title,
    groupValue: card.groupValue,
    dueAt,
    archived: card.archived,
    position: card.position,
    assignees: [...card.assignees].sort(),
    values: card.values,
  }
}

test.group('Cards: the SQL projection', (group) => {
  isolate(group)
  unloadBoards(group)

  test('a change made to the document by other server code reaches the cards table within a second', async ({
    assert,
  }) => {
    const { as, users, board, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Moving', column: ids.todo })

    await documentStore.transact(board.id, (doc) =>
      moveCard(doc, card.id, { column: ids.done }, { userId: users.owner.id })
    )

    const started = Date.now()
    await eventually(async () => {
      const row = await cardRow(card.id)
      return row?.groupValue === ids.done
    }, 2000)
    assert.isBelow(Date.now() - started, 1500)
    const read = await as.alice.get(`/api/v1/cards/${card.id}`)
    assert.equal(read.body.values[ids.status], ids.done)
  })

  test('after 50 random REST changes the cards table is exactly the projection of the document', async ({
    assert,
  }) => {
    const { as, users, board, ids, cards } = await taskBoard()
    const random = seededRandom(20250310)
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
    const columns = [null, ids.todo, ids.doing, ids.done]
    const people = [users.alice.id, users.bob.id, users.owner.id]
    const live: string[] = []

    for (let step = 0; step < 50; step++) {
      const roll = random()
      const id = pick(live)
      if (roll < 0.3 || !id) {
        const card = await addCard(as.alice, cards, {
          title: `card ${step}`,
          column: pick(columns),
        })
        live.push(card.id)
      } else if (roll < 0.5) {
        const moved = await as.alice.patch(`/api/v1/cards/${id}`, {
          column: pick(columns),
          position: { index: Math.floor(random() * 4) },
        })
        expectStatus(moved, 200)
      } else if (roll < 0.75) {
        const values = {
          [ids.assignee]: people.filter(() => random() < 0.5),
          [ids.due]: random() < 0.3 ? null : `2025-0${1 + Math.floor(random() * 9)}-1${step % 10}`,
          [ids.priority]: pick([ids.high, ids.low, null]),
        }
        expectStatus(
          await as.alice.patch(`/api/v1/cards/${id}`, { title: `edited ${step}`, values }),
          200
        )
      } else if (roll < 0.88) {
        const archived = random() < 0.6
        expectStatus(await as.alice.patch(`/api/v1/cards/${id}`, { archived }), 200)
      } else {
        expectStatus(await as.alice.delete(`/api/v1/cards/${id}`), 204)
        live.splice(live.indexOf(id), 1)
      }
    }

    const doc = await documentStore.open(board.id)
    try {
      const projection = boardProjection(doc)
      const rows = await cardRows(board.id)
      assert.sameMembers([...rows.keys()], live)
      assert.deepEqual(
        rows,
        new Map(
          projection
            .sort((a, b) => (a.id < b.id ? -1 : 1))
            .map((card) => [card.id, expectedRow(card)])
        )
      )
    } finally {
      documentStore.release(board.id, doc)
    }
  })
})

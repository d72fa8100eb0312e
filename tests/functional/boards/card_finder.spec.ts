import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { TEAM_NOT_FOUND, assertError } from '#tests/helpers/assertions'
import { isolate } from '#tests/helpers/auth'
import { channelOf } from '#tests/helpers/chat'
import {
  BOARD_NOT_FOUND,
  addCard,
  makeBoard,
  taskBoard,
  unloadBoards,
} from '#tests/helpers/board_api'

test.group('Finding cards of a team (the quick switcher)', (group) => {
  isolate(group)
  unloadBoards(group)

  test('by words of a title, in any case, most recently changed first, with their place', async ({
    assert,
  }) => {
    const { as, team, board, cards } = await taskBoard()
    const login = await addCard(as.alice, cards, { title: 'Fix the Login page' })
    const older = await addCard(as.alice, cards, { title: 'Login rate limits' })
    await addCard(as.alice, cards, { title: 'Unrelated' })
    await as.alice.patch(`/api/v1/cards/${login.id}`, { title: 'Fix the LOGIN page' })
    // Changed a minute apart (MySQL keeps whole seconds, and the requests share one).
    await db
      .from('cards')
      .where('id', older.id)
      .update({ updated_at: new Date(Date.now() - 60_000) })

    const found = await as.alice.get(`/api/v1/teams/${team.id}/cards?q=login`)
    assert.equal(found.status, 200, JSON.stringify(found.body))
    assert.deepEqual(
      found.body.data.map((card: { id: string }) => card.id),
      [login.id, older.id]
    )
    assert.deepEqual(found.body.data[0], {
      id: login.id,
      ref: login.ref,
      number: login.number,
      title: 'Fix the LOGIN page',
      boardId: board.id,
      boardTitle: 'Roadmap',
      channelId: board.channelId,
      url: login.url,
    })
    assert.equal(found.body.next, null)

    // Wildcards are plain characters.
    const percent = await as.alice.get(
      `/api/v1/teams/${team.id}/cards?q=${encodeURIComponent('%')}`
    )
    assert.deepEqual(percent.body.data, [])
    const limited = await as.alice.get(`/api/v1/teams/${team.id}/cards?q=i&limit=1`)
    assert.lengthOf(limited.body.data, 1)
  })

  test('by reference, in any case; archived cards and hidden boards are never found', async ({
    assert,
  }) => {
    const { as, users, team, key, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Ship it' })
    const byRef = await as.alice.get(
      `/api/v1/teams/${team.id}/cards?q=${key.toLowerCase()}-${card.number}`
    )
    assert.deepEqual(
      byRef.body.data.map((found: { id: string }) => found.id),
      [card.id]
    )
    const none = await as.alice.get(`/api/v1/teams/${team.id}/cards?q=${key}-${card.number + 50}`)
    assert.deepEqual(none.body.data, [])

    // A board in a private channel Alice is not in.
    const secret = await channelOf(users.owner, team, 'secret', 'private')
    const hidden = await makeBoard(as.owner, secret.id, { title: 'Secret' })
    await addCard(as.owner, `/api/v1/boards/${hidden.id}/cards`, { title: 'Ship the secret' })
    const mine = await as.owner.get(`/api/v1/teams/${team.id}/cards?q=ship`)
    assert.lengthOf(mine.body.data, 2)
    const hers = await as.alice.get(`/api/v1/teams/${team.id}/cards?q=ship`)
    assert.deepEqual(
      hers.body.data.map((found: { id: string }) => found.id),
      [card.id]
    )

    await as.alice.patch(`/api/v1/cards/${card.id}`, { archived: true })
    const archived = await as.alice.get(`/api/v1/teams/${team.id}/cards?q=ship`)
    assert.deepEqual(archived.body.data, [])
  })

  test('outside the team is a 404; a missing or overlong q is a 422', async ({ assert }) => {
    const { as, team } = await taskBoard()
    assertError(
      assert,
      await as.outsider.get(`/api/v1/teams/${team.id}/cards?q=x`),
      404,
      TEAM_NOT_FOUND
    )
    const missing = await as.alice.get(`/api/v1/teams/${team.id}/cards`)
    assert.equal(missing.status, 422)
    assert.equal(missing.body.errors[0].field, 'q')
    const long = await as.alice.get(`/api/v1/teams/${team.id}/cards?q=${'x'.repeat(101)}`)
    assert.equal(long.status, 422)
    const limit = await as.alice.get(`/api/v1/teams/${team.id}/cards?q=x&limit=50`)
    assert.equal(limit.body.errors[0].field, 'limit')
  })
})

test.group('A board’s columns, for pickers', (group) => {
  isolate(group)
  unloadBoards(group)

  test('"No value" first, then the options of the group field; a hidden board is a 404', async ({
    assert,
  }) => {
    const { as, board, ids } = await taskBoard()
    const columns = await as.alice.get(`/api/v1/boards/${board.id}/columns`)
    assert.equal(columns.status, 200, JSON.stringify(columns.body))
    assert.equal(columns.body.groupBy, ids.status)
    assert.deepEqual(
      columns.body.data.map((column: { id: string | null; label: string }) => column.id),
      [null, ids.todo, ids.doing, ids.done]
    )
    assert.sameMembers(Object.keys(columns.body.data[1]), ['id', 'label', 'color'])
    assertError(
      assert,
      await as.outsider.get(`/api/v1/boards/${board.id}/columns`),
      404,
      BOARD_NOT_FOUND
    )
  })
})

test.group('Comment counts of a board’s cards', (group) => {
  isolate(group)
  unloadBoards(group)

  test('people’s replies in each card’s thread, without deleted ones or activity lines; a hidden board is a 404', async ({
    assert,
  }) => {
    const { as, board, cards, ids } = await taskBoard()
    const talked = await addCard(as.alice, cards, { title: 'Talked about' })
    const quiet = await addCard(as.alice, cards, { title: 'Quiet' })
    const comment = (message: string) =>
      as.alice.post(`/api/v1/cards/${talked.id}/comments`, { message })
    await comment('First')
    const second = await comment('Second')
    await comment('Third')
    await as.alice.delete(`/api/v1/posts/${second.body.id}`)
    // An activity line in the quiet card's thread (a move) is not a comment.
    await as.alice.patch(`/api/v1/cards/${quiet.id}`, { column: ids.doing })

    const counted = await as.alice.get(`/api/v1/boards/${board.id}/comment-counts`)
    assert.equal(counted.status, 200, JSON.stringify(counted.body))
    assert.deepEqual(counted.body.data, { [talked.id]: 2 })
    assertError(
      assert,
      await as.outsider.get(`/api/v1/boards/${board.id}/comment-counts`),
      404,
      BOARD_NOT_FOUND
    )
  })
})

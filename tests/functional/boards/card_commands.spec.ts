import { randomBytes, randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Team from '#app/models/team'
import DueReminders from '#boards/services/due_reminders'
import {
  CHANNEL_NOT_FOUND,
  FORBIDDEN,
  UNAUTHENTICATED,
  assertError,
} from '#tests/helpers/assertions'
import { isolate } from '#tests/helpers/auth'
import {
  cardRow,
  cardRows,
  documentOf,
  makeBoard,
  unloadBoards,
  taskBoard,
  addCard,
  committedTaskBoard,
  freshLimits,
} from '#tests/helpers/board_api'
import { channelOf, send, townSquareOf } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { join } from '#tests/helpers/memberships'
import { WebClient, expectStatus } from '#tests/helpers/web_client'

/*
 * Cards in chat, through the real server: the /card and /board slash commands, due-date
 * reminders (boards/services/due_reminders.ts) and cards in team search.
 */

/** What `POST /channels/:id/commands` answers. */
type CommandReply = {
  ephemeral: boolean
  ok: boolean
  command: string | null
  text: string
  data: any
}

/** The usage lines of `/card`, all of which its help shows. */
const CARD_USAGE = [
  '/card new <title>',
  '/card move OPS-42 <column',
  '/card assign OPS-42 @user',
  '/card due OPS-42 <YYYY-MM-DD',
]

/** Use to run a slash command the server must answer with 200; answers the reply. */
async function command(client: WebClient, channelId: string, typed: string) {
  const response = await client.post(`/api/v1/channels/${channelId}/commands`, { command: typed })
  return expectStatus(response, 200).body as CommandReply
}

/** Use to list a board's cards as the API answers them (open ones, in board order). */
async function listed(client: WebClient, boardId: string) {
  const response = await client.get(`/api/v1/boards/${boardId}/cards`)
  return expectStatus(response, 200).body.data as any[]
}

/** What a refused command must leave alone: the board's rows, stored updates and cards. */
async function boardState(client: WebClient, boardId: string) {
  const document = await documentOf(client, boardId)
  return {
    rows: await cardRows(boardId),
    updates: await count('board_updates', { board_id: boardId }),
    cards: document.cards,
  }
}

/** The replies of a card's thread, as `GET /cards/:id/comments` answers them. */
async function comments(client: WebClient, cardId: string) {
  const response = await client.get(`/api/v1/cards/${cardId}/comments`)
  return expectStatus(response, 200).body.data as any[]
}

/** The due reminders posted in a card's thread, oldest first. */
async function reminders(client: WebClient, cardId: string) {
  const replies = await comments(client, cardId)
  return replies.filter((reply) => reply.type === 'card_reminder')
}

/** The post ids of the caller's notifications of kind `due`. */
async function dueNotifications(client: WebClient) {
  const response = await client.get('/api/v1/users/me/notifications')
  return expectStatus(response, 200)
    .body.data.filter((item: { kind: string }) => item.kind === 'due')
    .map((item: { post: { id: string } }) => item.post.id) as string[]
}

test.group('Card commands: /card and /board do what they say', (group) => {
  isolate(group)
  unloadBoards(group)

  test('/card new makes a card on the channel’s board and answers its reference', async ({
    assert,
  }) => {
    const { as, users, dev, board, key } = await taskBoard()
    assert.equal(key, 'ROA')

    const reply = await command(as.alice, dev.id, '/card new Fix the login page')

    assert.containsSubset(reply, { ephemeral: true, ok: true, command: 'card' })
    const card = reply.data.card
    assert.containsSubset(card, {
      title: 'Fix the login page',
      boardId: board.id,
      number: 1,
      ref: 'ROA-1',
      createdBy: users.alice.id,
    })
    assert.include(reply.text, 'ROA-1')
    const cards = await listed(as.alice, board.id)
    assert.deepEqual(
      cards.map((entry) => [entry.id, entry.title, entry.ref]),
      [[card.id, 'Fix the login page', 'ROA-1']]
    )
    assert.containsSubset(await cardRow(card.id), { title: 'Fix the login page' })

    const second = await command(as.alice, dev.id, '/card new   Write the docs  ')
    assert.isTrue(second.ok)
    assert.equal(second.data.card.ref, 'ROA-2')
    assert.equal(second.data.card.title, 'Write the docs')
    assert.include(second.text, 'ROA-2')
    assert.lengthOf(await listed(as.alice, board.id), 2)
  })

  test('/card move moves a card to a column named in any case', async ({ assert }) => {
    const { as, dev, board, key, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Moving', column: ids.todo })
    const ref = `${key}-1`
    assert.equal(card.ref, ref)

    const moved = await command(as.alice, dev.id, `/card move ${ref} in PROGRESS`)

    assert.containsSubset(moved, { ephemeral: true, ok: true, command: 'card' })
    assert.include(moved.text, ref)
    assert.equal(moved.data.card.id, card.id)
    assert.equal(moved.data.card.values[ids.status], ids.doing)
    assert.containsSubset(await cardRow(card.id), { groupValue: ids.doing })
    const read = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}`), 200).body
    assert.equal(read.values[ids.status], ids.doing)

    const done = await command(as.alice, dev.id, `/card move ${ref} done`)
    assert.isTrue(done.ok, done.text)
    assert.containsSubset(await cardRow(card.id), { groupValue: ids.done })
    const { columns } = await documentOf(as.alice, board.id)
    assert.deepEqual(
      columns.find((entry: { id: string | null }) => entry.id === ids.done).cardIds,
      [card.id]
    )
  })

  test('/card assign sets the Assignee field to the people named', async ({ assert }) => {
    const { as, users, dev, key, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Needs hands' })
    const ref = `${key}-1`

    const assigned = await command(as.alice, dev.id, `/card assign ${ref} @${users.bob.username}`)

    assert.containsSubset(assigned, { ok: true, command: 'card' })
    assert.include(assigned.text, ref)
    assert.deepEqual(assigned.data.card.values[ids.assignee], [users.bob.id])
    assert.deepEqual((await cardRow(card.id))!.assignees, [users.bob.id])

    // More people join the first rather than replacing them; several may be named at once.
    const more = await command(
      as.alice,
      dev.id,
      `/card assign ${ref} @${users.alice.username} @${users.owner.username}`
    )
    assert.isTrue(more.ok, more.text)
    const everyone = [users.bob.id, users.alice.id, users.owner.id]
    assert.sameMembers(more.data.card.values[ids.assignee], everyone)
    const read = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}`), 200).body
    assert.sameMembers(read.values[ids.assignee], everyone)
    assert.deepEqual((await cardRow(card.id))!.assignees, [...everyone].sort())
  })

  test('/card due sets the Due date field to a day, and none clears it', async ({ assert }) => {
    const { as, dev, key, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Deadline' })
    const ref = `${key}-1`

    const set = await command(as.alice, dev.id, `/card due ${ref} 2030-01-15`)

    assert.containsSubset(set, { ok: true, command: 'card' })
    assert.include(set.text, ref)
    assert.equal(set.data.card.values[ids.due], '2030-01-15')
    assert.containsSubset(await cardRow(card.id), { dueAt: '2030-01-15T00:00:00.000Z' })

    const zoned = await command(as.alice, dev.id, `/card due ${ref} 2030-01-15T10:00:00+02:00`)
    assert.isTrue(zoned.ok, zoned.text)
    assert.equal(zoned.data.card.values[ids.due], '2030-01-15T08:00:00.000Z')
    assert.containsSubset(await cardRow(card.id), { dueAt: '2030-01-15T08:00:00.000Z' })

    const before = DateTime.utc().plus({ days: 1 }).toISODate()
    const tomorrow = await command(as.alice, dev.id, `/card due ${ref} Tomorrow`)
    const after = DateTime.utc().plus({ days: 1 }).toISODate()
    assert.isTrue(tomorrow.ok, tomorrow.text)
    assert.oneOf(tomorrow.data.card.values[ids.due], [before, after])

    const cleared = await command(as.alice, dev.id, `/card due ${ref} none`)

    assert.containsSubset(cleared, { ok: true, command: 'card' })
    assert.isNull(cleared.data.card.values[ids.due])
    assert.containsSubset(await cardRow(card.id), { dueAt: null })
    const read = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}`), 200).body
    assert.isNull(read.values[ids.due])
  })

  test('/board list lists the channel’s boards with their keys, and only them', async ({
    assert,
  }) => {
    const { as, users, team, dev, board } = await taskBoard()
    const ops = await makeBoard(as.owner, dev.id, { title: 'Operations', key: 'OPS' })
    const elsewhere = await channelOf(users.owner, team, 'elsewhere')
    await join(elsewhere, users.alice)
    const other = await makeBoard(as.owner, elsewhere.id, { title: 'Other things' })

    const reply = await command(as.alice, dev.id, '/board list')

    assert.containsSubset(reply, { ephemeral: true, ok: true, command: 'board' })
    assert.deepEqual(
      reply.data.boards.map((entry: { id: string; key: string }) => [entry.id, entry.key]),
      [
        [board.id, 'ROA'],
        [ops.id, 'OPS'],
      ]
    )
    assert.include(reply.text, 'ROA  Roadmap (editor)')
    assert.include(reply.text, 'OPS  Operations (editor)')
    assert.notInclude(reply.text, 'Other things')

    const there = await command(as.alice, elsewhere.id, '/board list')
    assert.deepEqual(
      there.data.boards.map((entry: { id: string }) => entry.id),
      [other.id]
    )
    const square = await townSquareOf(team)
    const none = await command(as.alice, square.id, '/board list')
    assert.isTrue(none.ok)
    assert.deepEqual(none.data.boards, [])
  })
})

test.group('Card commands: help and refusals', (group) => {
  isolate(group)
  unloadBoards(group)

  test('bad arguments answer the usage and change nothing', async ({ assert }) => {
    const { as, dev, board, key, ids, cards } = await taskBoard()
    await addCard(as.alice, cards, { title: 'Steady', column: ids.todo })
    const before = await boardState(as.alice, board.id)

    const typed: Array<[string, string]> = [
      ['/card', 'card'],
      ['/card fly', 'card'],
      ['/card fly away', 'card'],
      ['/card move', 'card'],
      [`/card move ${key}-1`, 'card'],
      ['/card move NOTAREF x', 'card'],
      [`/card due ${key}-1 someday`, 'card'],
      [`/card due ${key}-1 2030-02-30`, 'card'],
      [`/card due ${key}-1 2030-01-15T10:00:00`, 'card'],
      [`/card due ${key}-1`, 'card'],
      [`/card assign ${key}-1`, 'card'],
      ['/card new', 'card'],
      ['/card new    ', 'card'],
      [`/card new ${'x'.repeat(501)}`, 'card'],
      ['/board', 'board'],
      ['/board wipe', 'board'],
    ]
    for (const [text, name] of typed) {
      const reply = await command(as.alice, dev.id, text)
      assert.containsSubset(reply, { ephemeral: true, ok: false, command: name }, text)
      if (name === 'card') {
        for (const line of CARD_USAGE) assert.include(reply.text, line, text)
      } else {
        assert.include(reply.text, '/board list', text)
      }
    }

    assert.deepEqual(await boardState(as.alice, board.id), before)
  })

  test('an unknown command answers the list of known commands', async ({ assert }) => {
    const { as, dev, board } = await taskBoard()
    const before = await boardState(as.alice, board.id)

    const reply = await command(as.alice, dev.id, '/nope do things')

    assert.containsSubset(reply, { ephemeral: true, ok: false, command: null, data: null })
    assert.include(reply.text, '/nope')
    for (const line of [...CARD_USAGE, '/board list']) assert.include(reply.text, line)

    const noSlash = await command(as.alice, dev.id, 'card new Hello')
    assert.containsSubset(noSlash, { ok: false, command: null })
    assert.include(noSlash.text, '/card move OPS-42 <column')
    assert.deepEqual(await boardState(as.alice, board.id), before)
  })

  test('a card on a board the caller cannot see is not there for them', async ({ assert }) => {
    const { as, users, team, dev, board, key, ids, cards } = await taskBoard()
    await addCard(as.alice, cards, { title: 'Visible', column: ids.todo })
    const secret = await channelOf(users.owner, team, 'secret', 'private')
    const hidden = await makeBoard(as.owner, secret.id, { template: 'project_tasks', key: 'SEC' })
    const hiddenCard = await addCard(as.owner, `/api/v1/boards/${hidden.id}/cards`, {
      title: 'Classified',
    })
    assert.equal(hiddenCard.ref, 'SEC-1')
    const hiddenBefore = await boardState(as.owner, hidden.id)
    const before = await boardState(as.alice, board.id)

    for (const typed of [
      '/card move SEC-1 Done',
      `/card assign SEC-1 @${users.alice.username}`,
      '/card due SEC-1 2030-01-15',
    ]) {
      const reply = await command(as.alice, dev.id, typed)
      assert.containsSubset(reply, { ok: false, command: 'card' }, typed)
      assert.include(reply.text, 'There is no card SEC-1 that you can see', typed)
      assert.notInclude(reply.text, 'Classified')
    }
    const missing = await command(as.alice, dev.id, `/card move ${key}-99 Done`)
    assert.isFalse(missing.ok)
    assert.include(missing.text, `There is no card ${key}-99 that you can see`)

    assert.deepEqual(await boardState(as.owner, hidden.id), hiddenBefore)
    assert.deepEqual(await boardState(as.alice, board.id), before)
    // The owner, who is in the private channel, reaches it from `dev` all the same.
    const owners = await command(as.owner, dev.id, '/card move SEC-1 Done')
    assert.isTrue(owners.ok, owners.text)
  })

  test('a board viewer may not change cards through commands', async ({ assert }) => {
    const { as, users, dev, board, key, ids, cards } = await taskBoard()
    await addCard(as.alice, cards, { title: 'Read only', column: ids.todo })
    expectStatus(
      await as.owner.put(`/api/v1/boards/${board.id}/members/${users.alice.id}`, {
        role: 'viewer',
      }),
      200
    )
    const before = await boardState(as.owner, board.id)

    for (const typed of [
      `/card move ${key}-1 Done`,
      `/card assign ${key}-1 @${users.bob.username}`,
      `/card due ${key}-1 2030-01-15`,
      '/card new Sneaky',
    ]) {
      const reply = await command(as.alice, dev.id, typed)
      assert.containsSubset(reply, { ephemeral: true, ok: false, command: 'card' }, typed)
      assert.include(reply.text, 'You cannot change cards on Roadmap', typed)
      assert.include(reply.text, 'viewer', typed)
    }

    assert.deepEqual(await boardState(as.owner, board.id), before)
    const list = await command(as.alice, dev.id, '/board list')
    assert.include(list.text, 'ROA  Roadmap (viewer)')
  })

  test('/card new in a channel without a board is refused', async ({ assert }) => {
    const { as, team, board } = await taskBoard()
    const square = await townSquareOf(team)
    const before = await count('cards')

    const reply = await command(as.alice, square.id, '/card new Lost card')

    assert.containsSubset(reply, { ephemeral: true, ok: false, command: 'card', data: null })
    assert.include(reply.text, 'This channel has no board')
    assert.equal(await count('cards'), before)
    assert.equal(await count('cards', { title: 'Lost card' }), 0)
    assert.deepEqual(await listed(as.alice, board.id), [])
  })

  test('an unknown column or an unknown person is refused and changes nothing', async ({
    assert,
  }) => {
    const { as, users, dev, board, key, ids, cards } = await taskBoard()
    await addCard(as.alice, cards, { title: 'Stays put', column: ids.todo })
    const before = await boardState(as.alice, board.id)
    const ref = `${key}-1`

    const column = await command(as.alice, dev.id, `/card move ${ref} Blocked`)
    assert.containsSubset(column, { ok: false, command: 'card' })
    assert.include(column.text, 'has no column "Blocked"')

    const nobody = await command(as.alice, dev.id, `/card assign ${ref} @nobody`)
    assert.containsSubset(nobody, { ok: false, command: 'card' })
    assert.include(nobody.text, '@nobody')

    // Someone outside the team is unknown here too, and the known name beside them is not assigned.
    const outside = await command(
      as.alice,
      dev.id,
      `/card assign ${ref} @${users.bob.username} @${users.outsider.username}`
    )
    assert.containsSubset(outside, { ok: false, command: 'card' })
    assert.include(outside.text, `@${users.outsider.username}`)

    assert.deepEqual(await boardState(as.alice, board.id), before)
  })
})

test.group('Card commands: HTTP refusals', (group) => {
  isolate(group)
  unloadBoards(group)

  test('only members of a channel they can see may run commands there', async ({ assert }) => {
    const { as, users, team, dev, board } = await taskBoard()
    const secret = await channelOf(users.owner, team, 'secret', 'private')
    const path = (id: string) => `/api/v1/channels/${id}/commands`
    const body = { command: '/card new Intruder' }

    assertError(assert, await as.bob.post(path(dev.id), body), 403, FORBIDDEN)
    assertError(assert, await as.alice.post(path(secret.id), body), 404, CHANNEL_NOT_FOUND)
    assertError(assert, await as.outsider.post(path(dev.id), body), 404, CHANNEL_NOT_FOUND)
    assertError(assert, await as.alice.post(path(randomUUID()), body), 404, CHANNEL_NOT_FOUND)
    assertError(assert, await new WebClient().post(path(dev.id), body), 401, UNAUTHENTICATED)

    assert.equal(await count('cards', { board_id: board.id }), 0)
    assert.equal(await count('cards', { title: 'Intruder' }), 0)
  })

  test('an empty or missing command is a 422 on the field `command`', async ({ assert }) => {
    const { as, dev, board } = await taskBoard()
    const path = `/api/v1/channels/${dev.id}/commands`

    for (const body of [{}, { command: '' }, { command: '   ' }, { command: null }]) {
      const response = await as.alice.post(path, body)
      assert.equal(response.status, 422, JSON.stringify(body))
      assert.lengthOf(response.body.errors, 1)
      const [error] = response.body.errors
      assert.sameMembers(Object.keys(error), ['code', 'message', 'field'])
      assert.equal(error.field, 'command')
      assert.isNotEmpty(error.code)
      assert.isNotEmpty(error.message)
    }
    assertError(assert, await as.alice.post(path, {}), 422, { code: 'required', field: 'command' })
    assertError(assert, await as.alice.post(path, { command: '' }), 422, {
      code: 'minLength',
      field: 'command',
    })
    const tooLong = await as.alice.post(path, { command: `/card new ${'x'.repeat(4000)}` })
    assert.equal(tooLong.status, 422)
    assert.equal(tooLong.body.errors[0].field, 'command')
    assert.equal(await count('cards', { board_id: board.id }), 0)
  })
})

/** Use for a moment given in ISO 8601, as the valid UTC DateTime `runOnce` takes. */
function moment(iso: string): DateTime<true> {
  const value = DateTime.fromISO(iso, { zone: 'utc' })
  if (!value.isValid) throw new Error(`not a moment: ${iso}`)
  return value as DateTime<true>
}

/** The time the reminder tests treat as now: far from every other test's dates. */
const NOW = moment('2031-05-20T12:00:00Z')

test.group('Card commands: due reminders', (group) => {
  isolate(group)
  unloadBoards(group)

  test('a card due soon is reminded once in its thread, with a notification to its assignee', async ({
    assert,
  }) => {
    const { as, users, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, {
      title: 'Ship it',
      values: { [ids.assignee]: [users.alice.id], [ids.due]: '2031-05-21T09:00:00Z' },
    })

    const counts = await Promise.all([
      new DueReminders().runOnce(NOW),
      new DueReminders().runOnce(NOW),
    ])

    assert.equal(counts[0] + counts[1], 1)
    const [reminder, ...more] = await reminders(as.alice, card.id)
    assert.deepEqual(more, [])
    assert.containsSubset(reminder, {
      type: 'card_reminder',
      rootId: card.threadId,
      props: { cardId: card.id, stage: 'soon' },
    })
    assert.match(reminder.message, /^\*\*Due soon:\*\*/)
    assert.include(reminder.message, '2031-05-21 09:00 UTC')
    assert.deepEqual(await dueNotifications(as.alice), [reminder.id])
    assert.equal(await new DueReminders().runOnce(NOW.plus({ hours: 1 })), 0)
    assert.lengthOf(await reminders(as.alice, card.id), 1)
  })

  test('an overdue card is reminded once as overdue', async ({ assert }) => {
    const { as, users, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, {
      title: 'Late',
      values: { [ids.assignee]: [users.alice.id], [ids.due]: '2031-05-20T08:00:00Z' },
    })

    assert.equal(await new DueReminders().runOnce(NOW), 1)
    assert.equal(await new DueReminders().runOnce(NOW), 0)
    assert.equal(await new DueReminders().runOnce(NOW.plus({ hours: 5 })), 0)

    const list = await reminders(as.alice, card.id)
    assert.lengthOf(list, 1)
    assert.containsSubset(list[0], {
      type: 'card_reminder',
      rootId: card.threadId,
      props: { cardId: card.id, boardId: card.boardId, stage: 'overdue' },
    })
    assert.match(list[0].message, /^\*\*Overdue:\*\*/)
    assert.include(list[0].message, '2031-05-20 08:00 UTC')
    assert.deepEqual(await dueNotifications(as.alice), [list[0].id])
  })

  test('an archived card is not reminded, soon or overdue', async ({ assert }) => {
    const { as, users, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, {
      title: 'Shelved',
      values: { [ids.assignee]: [users.alice.id], [ids.due]: '2031-05-21T09:00:00Z' },
    })
    expectStatus(await as.alice.patch(`/api/v1/cards/${card.id}`, { archived: true }), 200)

    assert.equal(await new DueReminders().runOnce(NOW), 0)
    assert.equal(await new DueReminders().runOnce(NOW.plus({ days: 1 })), 0)

    assert.deepEqual(await reminders(as.alice, card.id), [])
    assert.deepEqual(await dueNotifications(as.alice), [])
  })
})

/**
 * One round of reminders on a connection of its own: a transaction of its own where the
 * database has several connections; SQLite has one writer, so there it is the pool's client.
 */
async function roundOnItsOwnConnection(now: DateTime<true>) {
  if (db.connection().dialect.name === 'better-sqlite3') return new DueReminders().runOnce(now)
  const trx = await db.transaction()
  try {
    const sent = await new DueReminders(trx).runOnce(now)
    await trx.commit()
    return sent
  } catch (error) {
    await trx.rollback()
    throw error
  }
}

test.group('Card commands: due reminders from two servers at once', (group) => {
  // Each round claims reminders on a connection of its own; inside the global transaction of
  // `isolate` both would share one, so this group commits for real and removes what it made.
  freshLimits(group)

  test('two rounds at once send one reminder; again none; a moved due date re-arms it', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, dev, ids, cards } = await committedTaskBoard(cleanup)
    const now = moment('2032-03-10T12:00:00Z')
    const card = await addCard(as.alice, cards, {
      title: 'Release',
      values: { [ids.assignee]: [users.alice.id], [ids.due]: '2032-03-11T06:00:00Z' },
    })

    const counts = await Promise.all([roundOnItsOwnConnection(now), roundOnItsOwnConnection(now)])

    assert.equal(counts[0] + counts[1], 1, JSON.stringify(counts))
    const first = await reminders(as.alice, card.id)
    assert.lengthOf(first, 1)
    assert.containsSubset(first[0], { props: { cardId: card.id, stage: 'soon' } })
    assert.deepEqual(await dueNotifications(as.alice), [first[0].id])
    assert.equal(await count('notifications', { user_id: users.alice.id, kind: 'due' }), 1)

    const again = await Promise.all([roundOnItsOwnConnection(now), roundOnItsOwnConnection(now)])
    assert.deepEqual(again, [0, 0])
    assert.lengthOf(await reminders(as.alice, card.id), 1)

    const moved = await command(as.alice, dev.id, `/card due ${card.ref} 2032-03-11T09:30:00Z`)
    assert.isTrue(moved.ok, moved.text)
    const rearmed = await Promise.all([roundOnItsOwnConnection(now), roundOnItsOwnConnection(now)])
    assert.equal(rearmed[0] + rearmed[1], 1, JSON.stringify(rearmed))
    const second = await reminders(as.alice, card.id)
    assert.lengthOf(second, 2)
    assert.include(second[1].message, '2032-03-11 09:30 UTC')
    assert.sameMembers(await dueNotifications(as.alice), [first[0].id, second[1].id])
    assert.equal(await roundOnItsOwnConnection(now), 0)
  })
})

/** A word no other test uses, so that no search can find another test's posts. */
function uniqueWord(stem: string) {
  return `${stem}${randomBytes(5).toString('hex')}`
}

/** The posts a team search finds for the caller, in the order answered. */
async function searched(client: WebClient, team: Team, q: string) {
  const query = new URLSearchParams({ q })
  const response = await client.get(`/api/v1/teams/${team.id}/search?${query}`)
  return expectStatus(response, 200).body.data.map((result: { post: any }) => result.post) as any[]
}

test.group('Card commands: cards in search', (group) => {
  // MySQL/MariaDB FULLTEXT does not see uncommitted rows: these tests commit (see search.spec.ts).
  freshLimits(group)

  test('a card is found by a word of its title and by a word of its description', async ({
    assert,
    cleanup,
  }) => {
    const { as, team, cards } = await committedTaskBoard(cleanup)
    const [inTitle, inDescription] = [uniqueWord('title'), uniqueWord('descr')]
    const card = await addCard(as.alice, cards, {
      title: `Fix the ${inTitle} page`,
      description: `It breaks on ${inDescription} only`,
    })

    for (const word of [inTitle, inDescription, inTitle.toUpperCase()]) {
      const posts = await searched(as.alice, team, word)
      assert.lengthOf(posts, 1, word)
      assert.containsSubset(posts[0], {
        id: card.threadId,
        type: 'card',
        props: { cardId: card.id, ref: card.ref },
      })
    }
    assert.deepEqual(await searched(as.alice, team, `${inTitle} ${uniqueWord('none')}`), [])
  })

  test('in:board finds only cards, not the chat messages with the same word', async ({
    assert,
    cleanup,
  }) => {
    const { as, team, dev, cards } = await committedTaskBoard(cleanup)
    const word = uniqueWord('launch')
    const chatOnly = uniqueWord('chat')
    const card = await addCard(as.alice, cards, { title: `Plan the ${word}` })
    const message = await send(as.alice, dev.id, `who runs the ${word}? ${chatOnly}`)

    const everything = await searched(as.alice, team, word)
    assert.sameMembers(
      everything.map((post) => post.id),
      [card.threadId, message.id]
    )

    const onlyCards = await searched(as.alice, team, `in:board ${word}`)
    assert.deepEqual(
      onlyCards.map((post) => [post.id, post.type]),
      [[card.threadId, 'card']]
    )
    assert.deepEqual(await searched(as.alice, team, `in:board ${chatOnly}`), [])
    const chat = await searched(as.alice, team, chatOnly)
    assert.deepEqual(
      chat.map((post) => post.id),
      [message.id]
    )
  })

  test('a card on a board of a channel the caller cannot see is not found', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, team } = await committedTaskBoard(cleanup)
    const secret = await channelOf(users.owner, team, 'secret', 'private')
    const board = await makeBoard(as.owner, secret.id, { title: 'Secret plans', key: 'SEC' })
    const word = uniqueWord('hidden')
    const card = await addCard(as.owner, `/api/v1/boards/${board.id}/cards`, {
      title: `The ${word} plan`,
    })

    const owners = await searched(as.owner, team, word)
    assert.deepEqual(
      owners.map((post) => post.id),
      [card.threadId]
    )
    for (const client of [as.alice, as.bob, as.guest]) {
      assert.deepEqual(await searched(client, team, word), [])
      assert.deepEqual(await searched(client, team, `in:board ${word}`), [])
    }
  })
})

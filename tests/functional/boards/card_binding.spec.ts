import { randomBytes, randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import ApiError from '#app/exceptions/api_error'
import { dbTimestamp } from '#app/helpers/dates'
import type User from '#app/models/user'
import Channel from '#chat/models/channel'
import Post from '#chat/models/post'
import PostService from '#chat/services/post_service'
import { cardsOf, moveCard } from '#boards/document/index'
import { documentStore } from '#boards/services/document_store'
import { CARD_ACTIVITY_POST } from '#boards/services/card_threads'
import { assertError } from '#tests/helpers/assertions'
import { isolate } from '#tests/helpers/auth'
import {
  CARD_NOT_FOUND,
  addCard,
  committedTaskBoard,
  documentOf,
  freshLimits,
  makeBoard,
  optionOf,
  fieldId,
  settle,
  taskBoard,
} from '#tests/helpers/board_api'
import { closeBoardSockets, connect } from '#tests/helpers/boards'
import { createChannel, send } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { join } from '#tests/helpers/memberships'
import { eventually, listen } from '#tests/helpers/realtime'
import { expectStatus, type WebClient } from '#tests/helpers/web_client'

/**
 * A card id is bound to the board that first projected it (issue 12, item 1): another board's
 * document may hold the same key, written over its socket, but it is never projected, so the
 * card, its thread, its post and its activity stay where they are. Through the real server, the
 * unmodified y-websocket provider and a real SSE client.
 */

/**
 * Use to write a card under a chosen id into a replica, as a hostile client would: the same
 * shape `createCard` writes, authored by `userId` (the socket's user, as the server requires).
 */
function claimCard(doc: Y.Doc, cardId: string, title: string, userId: string) {
  const now = new Date().toISOString()
  doc.transact(() => {
    const card = new Y.Map<unknown>()
    cardsOf(doc).set(cardId, card)
    card.set('title', new Y.Text(title))
    card.set('description', new Y.Text('taken over'))
    card.set('values', new Y.Map())
    card.set('archived', false)
    card.set('position', 'a0')
    for (const key of ['createdAt', 'updatedAt']) card.set(key, now)
    for (const key of ['createdBy', 'updatedBy']) card.set(key, userId)
  })
}

/** Use to wait until the server's copy of a board satisfies `check`. */
function serverHolds(boardId: string, check: (doc: Y.Doc) => boolean) {
  return eventually(async () => {
    const doc = await documentStore.open(boardId)
    try {
      return check(doc)
    } finally {
      documentStore.release(boardId, doc)
    }
  }, 5000)
}

/** Use for a standalone board of the client's user (its admin), with the task template. */
async function ownBoard(client: WebClient, teamId: string, title = 'Mine') {
  const response = await client.post('/api/v1/boards', {
    teamId,
    title,
    template: 'project_tasks',
  })
  return expectStatus(response, 201).body
}

/** The ids of a board's cards as `GET /boards/:id/cards` lists them to the client. */
async function listedCards(client: WebClient, boardId: string): Promise<string[]> {
  const response = await client.get(`/api/v1/boards/${boardId}/cards`)
  return expectStatus(response, 200).body.data.map((card: { id: string }) => card.id)
}

/** A card's thread as `GET /cards/:id/comments` answers it to the client. */
async function comments(client: WebClient, cardId: string) {
  return expectStatus(await client.get(`/api/v1/cards/${cardId}/comments`), 200).body
}

/** One post as `GET /posts/:id` answers it to the client. */
async function postAs(client: WebClient, postId: string) {
  return expectStatus(await client.get(`/api/v1/posts/${postId}`), 200).body
}

/**
 * The cast of `taskBoard` with a private channel `secret` (its owner and alice) holding the
 * board "Deals", and on it alice's card "Acquisition plan" with her private comment.
 */
async function privateCard(cast: Awaited<ReturnType<typeof taskBoard>>) {
  const { as, users, team } = cast
  const secret = await createChannel(as.owner, team, 'private', 'secret', [users.alice])
  const deals = await makeBoard(as.owner, secret, { title: 'Deals', key: 'DEAL' })
  const card = await addCard(as.alice, `/api/v1/boards/${deals.id}/cards`, {
    title: 'Acquisition plan',
    description: 'Offer 40 M',
  })
  const note = await as.alice.post(`/api/v1/cards/${card.id}/comments`, { message: 'Keep quiet' })
  expectStatus(note, 201)
  return { secret, deals, card, note: note.body }
}

test.group('Card binding: another board’s card id written over a socket', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a card id claimed in another board’s document takes nothing: the card, its thread, its post and its activity stay on its board', async ({
    assert,
    cleanup,
  }) => {
    const cast = await taskBoard()
    const { as, users, team } = cast
    const { deals, card, note } = await privateCard(cast)
    // bob is in the team but not in `secret`: he makes a board of his own and is its admin.
    const mine = await ownBoard(as.bob, team.id)
    const mineDoc = await documentOf(as.bob, mine.id)
    const doing = optionOf(mineDoc, 'Status', 'In progress')
    const status = fieldId(mineDoc, 'Status')
    const replica = await connect(mine.id, { token: as.bob.token! }, cleanup)

    claimCard(replica.doc, card.id, 'pwned', users.bob.id)
    await serverHolds(mine.id, (doc) => cardsOf(doc).has(card.id))
    await settle(mine.id)

    const row = await db.from('cards').where('id', card.id).first()
    assert.equal(row.board_id, deals.id)
    assert.equal(row.title, 'Acquisition plan')
    assert.containsSubset(expectStatus(await as.alice.get(`/api/v1/cards/${card.id}`), 200).body, {
      boardId: deals.id,
      title: 'Acquisition plan',
      threadId: card.threadId,
    })
    assert.include(await listedCards(as.alice, deals.id), card.id)
    assert.notInclude(await listedCards(as.bob, mine.id), card.id)
    assert.deepEqual(
      await db.from('card_threads').where('card_id', card.id).select('board_id', 'root_id'),
      [{ board_id: deals.id, root_id: card.threadId }]
    )

    // The card and its private thread stay out of bob's reach, over REST too.
    for (const path of [`/api/v1/cards/${card.id}`, `/api/v1/cards/${card.id}/comments`]) {
      assertError(assert, await as.bob.get(path), 404, CARD_NOT_FOUND)
    }
    assertError(
      assert,
      await as.bob.patch(`/api/v1/cards/${card.id}`, { title: 'pwned' }),
      404,
      CARD_NOT_FOUND
    )
    assertError(
      assert,
      await as.bob.post(`/api/v1/cards/${card.id}/comments`, { message: 'hi' }),
      404,
      CARD_NOT_FOUND
    )
    // A card made over REST gets an id of the server's choosing, whatever the body says.
    const made = await addCard(as.bob, `/api/v1/boards/${mine.id}/cards`, {
      id: card.id,
      title: 'Mine',
    })
    assert.notEqual(made.id, card.id)

    // Moving the claimed card on bob's board reports nothing in the victim's thread.
    moveCard(replica.doc, card.id, { column: doing }, { userId: users.bob.id })
    await serverHolds(mine.id, (doc) => {
      const values = cardsOf(doc).get(card.id)?.get('values') as Y.Map<unknown> | undefined
      return values?.get(status) === doing
    })
    await settle(mine.id)

    const thread = await comments(as.alice, card.id)
    assert.equal(thread.root.message, 'Acquisition plan\n\nOffer 40 M')
    assert.deepEqual(
      thread.data.map((post: { id: string }) => post.id),
      [note.id]
    )
    assert.equal(await count('posts', { root_id: card.threadId, type: CARD_ACTIVITY_POST }), 0)
    assert.equal(await count('posts', { channel_id: mine.channelId, root_id: card.threadId }), 0)

    // Its own editors go on working on it, on its board.
    const edited = await as.alice.patch(`/api/v1/cards/${card.id}`, { title: 'Acquisition v2' })
    assert.containsSubset(expectStatus(edited, 200).body, { boardId: deals.id })
    const root = await postAs(as.alice, card.threadId)
    assert.equal(root.message, 'Acquisition v2\n\nOffer 40 M')
  })

  test('a deleted card’s id stays its board’s: another board writing it is never projected and never reaches the thread', async ({
    assert,
    cleanup,
  }) => {
    const cast = await taskBoard()
    const { as, users, team } = cast
    const { deals, card } = await privateCard(cast)
    expectStatus(await as.alice.delete(`/api/v1/cards/${card.id}`), 204)
    const mine = await ownBoard(as.bob, team.id)
    const replica = await connect(mine.id, { token: as.bob.token! }, cleanup)

    claimCard(replica.doc, card.id, 'pwned', users.bob.id)
    await serverHolds(mine.id, (doc) => cardsOf(doc).has(card.id))
    await settle(mine.id)

    assert.equal(await count('cards', { id: card.id }), 0)
    assert.notInclude(await listedCards(as.bob, mine.id), card.id)
    for (const path of [`/api/v1/cards/${card.id}`, `/api/v1/cards/${card.id}/comments`]) {
      assertError(assert, await as.bob.get(path), 404, CARD_NOT_FOUND)
    }
    assert.deepEqual(await db.from('card_threads').where('card_id', card.id).select('board_id'), [
      { board_id: deals.id },
    ])
    assert.equal(await count('posts', { channel_id: mine.channelId, type: 'card' }), 0)
  })

  test('a row another board projected a moment ago, before its thread opened, is left as it is by a second board claiming its id', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, team, board } = await taskBoard()
    const cardId = randomUUID()
    const at = dbTimestamp(db.connection())
    // What the first projection has written when the second runs: the row, no thread yet.
    await db.table('cards').insert({
      id: cardId,
      board_id: board.id,
      title: 'First',
      position: 'a0',
      field_values: '{}',
      created_at: at,
      updated_at: at,
    })
    const mine = await ownBoard(as.bob, team.id)
    const replica = await connect(mine.id, { token: as.bob.token! }, cleanup)

    claimCard(replica.doc, cardId, 'Second', users.bob.id)
    await serverHolds(mine.id, (doc) => cardsOf(doc).has(cardId))
    await settle(mine.id)

    assert.deepEqual(await db.from('cards').where('id', cardId).select('board_id', 'title'), [
      { board_id: board.id, title: 'First' },
    ])
    assert.equal(await count('card_threads', { card_id: cardId }), 0)
    assert.notInclude(await listedCards(as.bob, mine.id), cardId)
  })

  test('a thread is found only through its own board: a row of the same id on another board (as the old projection left) does not open it', async ({
    assert,
  }) => {
    const cast = await taskBoard()
    const { as, team } = cast
    const { card } = await privateCard(cast)
    expectStatus(await as.alice.delete(`/api/v1/cards/${card.id}`), 204)
    const replies = await count('posts', { root_id: card.threadId })
    const mine = await ownBoard(as.bob, team.id)
    const at = dbTimestamp(db.connection())
    await db.table('cards').insert({
      id: card.id,
      board_id: mine.id,
      title: 'pwned',
      position: 'a0',
      field_values: '{}',
      created_at: at,
      updated_at: at,
    })

    assertError(assert, await as.bob.get(`/api/v1/cards/${card.id}/comments`), 404, CARD_NOT_FOUND)
    assertError(
      assert,
      await as.bob.post(`/api/v1/cards/${card.id}/comments`, { message: 'hi' }),
      404,
      CARD_NOT_FOUND
    )
    assert.equal(await count('posts', { root_id: card.threadId }), replies)
  })

  test('a system post refuses a root, and a post to rewrite, outside its channel with a 404', async ({
    assert,
  }) => {
    const cast = await taskBoard()
    const { as, users, team } = cast
    const { card, note } = await privateCard(cast)
    const mine = await ownBoard(as.bob, team.id)
    const channel = await Channel.findOrFail(mine.channelId)
    const posts = new PostService()

    const reply = await posts
      .createSystem(channel, {
        userId: users.bob.id,
        type: CARD_ACTIVITY_POST,
        message: 'moved this card',
        rootId: card.threadId,
      })
      .catch((error) => error)
    const rewrite = await posts
      .updateSystem(channel, await Post.findOrFail(card.threadId), { message: 'pwned' })
      .catch((error) => error)

    for (const [error, what] of [
      [reply, 'Thread'],
      [rewrite, 'Post'],
    ]) {
      assert.instanceOf(error, ApiError)
      assert.equal(error.status, 404)
      assert.equal(error.message, `${what} not found`)
    }
    const thread = await comments(as.alice, card.id)
    assert.equal(thread.root.message, 'Acquisition plan\n\nOffer 40 M')
    assert.deepEqual(
      thread.data.map((post: { id: string }) => post.id),
      [note.id]
    )
    assert.equal(await count('posts', { channel_id: mine.channelId, root_id: card.threadId }), 0)
  })
})

test.group('Card binding: one new id written on two boards at once', (group) => {
  // Both projections run in transactions of their own, as on a real server: no global one.
  freshLimits(group)
  closeBoardSockets(group)

  test('the first board to project a card id keeps it; the other board’s projection skips it', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, team, board } = await committedTaskBoard(cleanup)
    const mine = await ownBoard(as.bob, team.id)
    const ours = await connect(board.id, { token: as.alice.token! }, cleanup)
    const theirs = await connect(mine.id, { token: as.bob.token! }, cleanup)
    const cardId = randomUUID()

    claimCard(ours.doc, cardId, 'On Roadmap', users.alice.id)
    claimCard(theirs.doc, cardId, 'On Mine', users.bob.id)
    await serverHolds(board.id, (doc) => cardsOf(doc).has(cardId))
    await serverHolds(mine.id, (doc) => cardsOf(doc).has(cardId))
    await Promise.all([settle(board.id), settle(mine.id)])

    const rows = await db.from('cards').where('id', cardId).select('board_id', 'title')
    assert.lengthOf(rows, 1)
    const [{ board_id: owner, title }] = rows
    assert.include([board.id, mine.id], owner)
    assert.equal(title, owner === board.id ? 'On Roadmap' : 'On Mine')
    const threads = await db.from('card_threads').where('card_id', cardId).select('board_id')
    assert.deepEqual(threads, [{ board_id: owner }])
    const channels = await db
      .from('posts')
      .where('type', 'card')
      .whereIn('channel_id', [board.channelId, mine.channelId])
      .select('channel_id')
    assert.deepEqual(channels, [
      { channel_id: owner === board.id ? board.channelId : mine.channelId },
    ])
    const [ownerClient, otherClient, other] =
      owner === board.id ? [as.alice, as.bob, mine.id] : [as.bob, as.alice, board.id]
    assert.include(await listedCards(ownerClient, owner), cardId)
    assert.notInclude(await listedCards(otherClient, other), cardId)
  })
})

/** A word no other test uses, so that no search can find another test's posts. */
function uniqueWord(stem: string) {
  return `${stem}${randomBytes(5).toString('hex')}`
}

/** Use to check a post as served to someone who may not see the cards made from it. */
function assertNoCardIds(
  assert: any,
  post: { props: Record<string, unknown> | null },
  where: string
) {
  assert.notProperty(post.props ?? {}, 'cardIds', where)
}

test.group('Card binding: the cards a message was made into', (group) => {
  // Search reads FULLTEXT indexes, which do not see uncommitted rows on MySQL: this commits.
  freshLimits(group)
  closeBoardSockets(group)

  test('a public message made into a card on a private board names the card only to readers who may see that board', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, team, dev } = await committedTaskBoard(cleanup)
    const bob: User = users.bob
    await join(dev, bob)
    const secret = await createChannel(as.owner, team, 'private', 'secret', [users.alice])
    const deals = await makeBoard(as.owner, secret, { title: 'Deals', key: 'DEAL' })
    const stream = `channels/${dev.id}`
    const sse = await listen(as.bob, cleanup, stream)
    const word = uniqueWord('merger')
    const message = await send(as.alice, dev.id, `@${bob.username} the ${word} is on`)

    const made = await as.alice.post(`/api/v1/posts/${message.id}/card`, { boardId: deals.id })
    const card = expectStatus(made, 201).body

    // Live: the edit that lists the card reaches the channel's stream without naming it.
    const edited = await sse.waitFor(() =>
      sse.on(stream, 'post.edited').find((event) => event.data.post.id === message.id)
    )
    assertNoCardIds(assert, edited.data.post, 'SSE post.edited')

    // alice sees the board: the card is named and previewed to her.
    const hers = await postAs(as.alice, message.id)
    assert.deepEqual(hers.props.cardIds, [card.id])
    assert.deepEqual(
      hers.embeds.map((embed: { id: string }) => embed.id),
      [card.id]
    )

    // bob reads the public channel but not `secret`: nowhere is the card named to him.
    const shown = await postAs(as.bob, message.id)
    assertNoCardIds(assert, shown, 'GET /posts/:id')
    assert.deepEqual(shown.embeds, [])
    const history = expectStatus(await as.bob.get(`/api/v1/channels/${dev.id}/posts`), 200).body
    const inHistory = history.data.find((post: { id: string }) => post.id === message.id)
    assert.exists(inHistory)
    assertNoCardIds(assert, inHistory, 'channel history')
    const thread = expectStatus(await as.bob.get(`/api/v1/posts/${message.id}/thread`), 200).body
    assertNoCardIds(assert, thread.root, 'thread')
    const search = await as.bob.get(`/api/v1/teams/${team.id}/search?q=${word}`)
    const found = expectStatus(search, 200).body.data.map((result: { post: any }) => result.post)
    assert.deepEqual(
      found.map((post: { id: string }) => post.id),
      [message.id]
    )
    assertNoCardIds(assert, found[0], 'search')
    const catchUp = await as.bob.get(`/api/v1/events?stream=${stream}&after=0`)
    const replayed = expectStatus(catchUp, 200)
      .body.data.filter((event: any) => event.data.post?.id === message.id)
      .map((event: any) => event.data.post)
    assert.isNotEmpty(replayed)
    for (const post of replayed) assertNoCardIds(assert, post, 'catch-up')
    const feed = expectStatus(await as.bob.get('/api/v1/users/me/notifications'), 200).body.data
    const mention = feed.find((entry: any) => entry.post.id === message.id)
    assert.exists(mention)
    assertNoCardIds(assert, mention.post, 'notifications')

    // The same catch-up names the card to alice.
    const herCatchUp = await as.alice.get(`/api/v1/events?stream=${stream}&after=0`)
    const herReplay = expectStatus(herCatchUp, 200).body.data.find(
      (event: any) => event.data.post?.id === message.id
    )
    assert.deepEqual(herReplay.data.post.props.cardIds, [card.id])
  })
})

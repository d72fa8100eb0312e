import { setTimeout as sleep } from 'node:timers/promises'
import db from '@adonisjs/lucid/services/db'
import { test } from '@japa/runner'
import TeamService from '#app/services/team_service'
import { cardsOf, moveCard, updateCard } from '#boards/document/index'
import { FORBIDDEN, POST_NOT_FOUND, UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { isolate, withToken } from '#tests/helpers/auth'
import {
  CARD_NOT_FOUND,
  cardRow,
  documentOf,
  makeBoard,
  taskBoard,
  addCard,
  patchCard,
  settle,
} from '#tests/helpers/board_api'
import { closeBoardSockets, connect, tokenOf } from '#tests/helpers/boards'
import { channelOf, createChannel, send, townSquareOf } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { join } from '#tests/helpers/memberships'
import { eventually, listen } from '#tests/helpers/realtime'
import type { ReceivedEvent, SseClient } from '#tests/helpers/sse_client'
import { WebClient, expectStatus } from '#tests/helpers/web_client'

/**
 * Cards in chat (boards/services/card_threads.ts, card_activity.ts, card_embeds.ts and
 * boards/controllers/card_threads_controller.ts): each card's thread in its board's channel, the
 * activity replies the projection writes there, notifications, cards made from messages and
 * card previews in messages. Everything goes through the real HTTP server, real SSE clients and
 * real y-websocket providers.
 */

/** How long a projection (debounced PROJECTION_DELAY_MS after the write) may take to show. */
const PROJECTED_WITHIN_MS = 5000

/** A card's thread as `GET /cards/:id/comments` answers it: `{ root, data, next }`. */
async function comments(client: WebClient, cardId: string) {
  return expectStatus(await client.get(`/api/v1/cards/${cardId}/comments`), 200).body
}

/** The card_activity replies of a card's thread, oldest first. */
async function activities(client: WebClient, cardId: string): Promise<any[]> {
  const { data } = await comments(client, cardId)
  return data.filter((post: { type: string }) => post.type === 'card_activity')
}

/** The posts of a channel's history (its latest page) as the client reads them. */
async function history(client: WebClient, channelId: string): Promise<any[]> {
  const response = await client.get(`/api/v1/channels/${channelId}/posts?limit=100`)
  return expectStatus(response, 200).body.data
}

/** One post as `GET /posts/:id` answers it to the client. */
async function postAs(client: WebClient, postId: string) {
  return expectStatus(await client.get(`/api/v1/posts/${postId}`), 200).body
}

/** The client's notifications of one kind, newest first. */
async function feed(client: WebClient, kind: string): Promise<any[]> {
  const response = await client.get('/api/v1/users/me/notifications')
  const entries: Array<{ kind: string }> = expectStatus(response, 200).body.data
  return entries.filter((entry) => entry.kind === kind)
}

/** Polls `read` until it answers something truthy, failing after `timeoutMs`. */
async function until<T>(
  read: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = PROJECTED_WITHIN_MS
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Waits for the first event of a type on a stream that matches. */
function arrival(
  sse: SseClient,
  stream: string,
  type: string,
  matches: (event: ReceivedEvent) => boolean = () => true
) {
  return sse.waitFor(() => sse.on(stream, type).find(matches))
}

/** The card embeds of a post as answered to its reader. */
function cardEmbedsOf(post: { embeds: Array<{ type: string }> }) {
  return post.embeds.filter((embed) => embed.type === 'card') as any[]
}

test.group('Card threads: a card’s own post and its comments', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a card made over REST gets a number, a reference and a thread rooted in its own post in the channel', async ({
    assert,
  }) => {
    const { as, users, dev, board, ids, cards } = await taskBoard()
    assert.equal(board.key, 'ROA')
    assert.equal(board.channelActivity, 'new_cards')

    const card = await addCard(as.alice, cards, {
      title: 'Fix login',
      description: 'It fails on **Safari**',
      column: ids.todo,
    })
    const second = await addCard(as.alice, cards, { title: 'Write docs' })

    assert.containsSubset(card, {
      boardId: board.id,
      number: 1,
      ref: 'ROA-1',
      sourcePostId: null,
    })
    assert.isString(card.threadId)
    assert.match(card.url, new RegExp(`/boards/${board.id}/cards/${card.id}$`))
    assert.containsSubset(second, { number: 2, ref: 'ROA-2' })
    assert.isString(second.threadId)
    assert.notEqual(second.threadId, card.threadId)
    const read = expectStatus(await as.bob.get(`/api/v1/cards/${card.id}`), 200).body
    assert.deepEqual(read, card)
    const document = await documentOf(as.bob, board.id)
    assert.containsSubset(
      document.cards.find((entry: { id: string }) => entry.id === card.id),
      { number: 1, ref: 'ROA-1', threadId: card.threadId }
    )

    const root = await postAs(as.alice, card.threadId)
    assert.containsSubset(root, {
      id: card.threadId,
      channelId: dev.id,
      userId: users.alice.id,
      rootId: null,
      type: 'card',
      message: 'Fix login\n\nIt fails on **Safari**',
      props: { cardId: card.id, boardId: board.id, ref: 'ROA-1' },
      inChannel: true,
      deleted: false,
    })
    assert.lengthOf(cardEmbedsOf(root), 1)
    assert.containsSubset(root.embeds[0], {
      type: 'card',
      id: card.id,
      card: {
        id: card.id,
        ref: 'ROA-1',
        number: 1,
        boardId: board.id,
        channelId: dev.id,
        threadId: card.threadId,
        title: 'Fix login',
        column: { id: ids.todo, label: 'To do' },
        deleted: false,
      },
    })
    const secondRoot = await postAs(as.alice, second.threadId)
    assert.equal(secondRoot.message, 'Write docs')

    const listed = await history(as.alice, dev.id)
    const inHistory = listed.find((post) => post.id === card.threadId)
    assert.exists(inHistory, 'the card’s post is in the channel history')
    assert.containsSubset(inHistory, { type: 'card', props: { ref: 'ROA-1' }, inChannel: true })
    assert.isTrue(listed.some((post) => post.id === second.threadId))

    const thread = await comments(as.bob, card.id)
    assert.equal(thread.root.id, card.threadId)
    assert.deepEqual(thread.data, [])
  })

  test('a reply in the channel thread is a card comment and a card comment is a thread reply, both live on the channel stream', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, dev, ids, cards } = await taskBoard()
    const stream = `channels/${dev.id}`
    const sse = await listen(await withToken(users.owner, ['read']), cleanup, stream)
    const card = await addCard(as.alice, cards, { title: 'Live card', column: ids.todo })

    const created = await arrival(
      sse,
      stream,
      'post.created',
      (e) => e.data.post.id === card.threadId
    )
    assert.containsSubset(created.data.post, { type: 'card', rootId: null, message: 'Live card' })

    const reply = await send(as.alice, dev.id, 'I can take this one', card.threadId)
    assert.equal(reply.rootId, card.threadId)

    const asComments = await comments(as.owner, card.id)
    assert.equal(asComments.root.id, card.threadId)
    assert.deepEqual(
      asComments.data.map((post: { id: string }) => post.id),
      [reply.id]
    )
    const replyEvent = await arrival(
      sse,
      stream,
      'post.created',
      (e) => e.data.post.id === reply.id
    )
    assert.equal(replyEvent.data.post.rootId, card.threadId)
    assert.equal(replyEvent.data.post.message, 'I can take this one')

    const posted = await as.owner.post(`/api/v1/cards/${card.id}/comments`, {
      message: 'Thanks, merged in #42',
    })
    assert.equal(posted.status, 201, JSON.stringify(posted.body))
    const comment = posted.body
    assert.containsSubset(comment, {
      channelId: dev.id,
      userId: users.owner.id,
      rootId: card.threadId,
      type: '',
      message: 'Thanks, merged in #42',
      inChannel: false,
    })

    const thread = expectStatus(await as.alice.get(`/api/v1/posts/${card.threadId}/thread`), 200)
    assert.equal(thread.body.root.id, card.threadId)
    assert.equal(thread.body.root.replyCount, 2)
    assert.deepEqual(
      thread.body.data.map((post: { id: string }) => post.id),
      [reply.id, comment.id]
    )
    const commentEvent = await arrival(
      sse,
      stream,
      'post.created',
      (e) => e.data.post.id === comment.id
    )
    assert.equal(commentEvent.data.post.rootId, card.threadId)
    assert.equal(commentEvent.data.post.message, 'Thanks, merged in #42')
    assert.isBelow(replyEvent.seq!, commentEvent.seq!)
  })

  test('commenting needs commenter or more and a place in the channel; unseen cards are 404s; a bad body writes nothing', async ({
    assert,
  }) => {
    const { as, users, dev, board, ids, cards } = await taskBoard()
    const card = await addCard(as.owner, cards, { title: 'Discuss me', column: ids.todo })
    const path = `/api/v1/cards/${card.id}/comments`
    const posts = await count('posts', { channel_id: dev.id })
    expectStatus(await as.owner.patch(`/api/v1/boards/${board.id}`, { defaultRole: 'viewer' }), 200)

    // alice: a channel member who is a viewer by the board's default role.
    assertError(assert, await as.alice.post(path, { message: 'hi' }), 403, FORBIDDEN)
    // bob: reads the public channel without being in it, so a viewer.
    assertError(assert, await as.bob.post(path, { message: 'hi' }), 403, FORBIDDEN)
    // bob as an explicit commenter still is not in the channel.
    expectStatus(
      await as.owner.put(`/api/v1/boards/${board.id}/members/${users.bob.id}`, {
        role: 'commenter',
      }),
      200
    )
    const readable = await comments(as.bob, card.id)
    assert.equal(readable.root.id, card.threadId)
    assertError(assert, await as.bob.post(path, { message: 'hi' }), 403, FORBIDDEN)
    // The guest (in no channel) and the outsider cannot see the card at all.
    for (const client of [as.guest, as.outsider]) {
      assertError(assert, await client.post(path, { message: 'hi' }), 404, CARD_NOT_FOUND)
      assertError(assert, await client.get(path), 404, CARD_NOT_FOUND)
    }
    assertError(assert, await new WebClient().post(path, { message: 'hi' }), 401, UNAUTHENTICATED)
    assert.equal(await count('posts', { channel_id: dev.id }), posts)

    // alice as a commenter may comment, but not with an empty or missing message.
    expectStatus(
      await as.owner.patch(`/api/v1/boards/${board.id}`, { defaultRole: 'commenter' }),
      200
    )
    for (const body of [{ message: '   ' }, {}, { message: 42 }]) {
      const refused = await as.alice.post(path, body)
      assert.equal(refused.status, 422, JSON.stringify(body))
      assert.equal(refused.body.errors[0].field, 'message')
    }
    assert.equal(await count('posts', { channel_id: dev.id }), posts)
    const none = await comments(as.alice, card.id)
    assert.deepEqual(none.data, [])

    const posted = await as.alice.post(path, { message: 'Now I may' })
    assert.equal(posted.status, 201, JSON.stringify(posted.body))
    assert.equal(posted.body.rootId, card.threadId)
    const after = await comments(as.alice, card.id)
    assert.deepEqual(
      after.data.map((post: { id: string }) => post.id),
      [posted.body.id]
    )
  })
})

test.group('Card threads: activity replies', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a move made through a board socket becomes exactly one activity reply by the socket’s user', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, board, ids, cards } = await taskBoard()
    const card = await addCard(as.owner, cards, { title: 'Ship it', column: ids.todo })
    const replica = await connect(board.id, { token: await tokenOf(users.alice) }, cleanup)
    await eventually(() => cardsOf(replica.doc).has(card.id), 5000)
    assert.deepEqual(await activities(as.owner, card.id), [])

    moveCard(replica.doc, card.id, { column: ids.doing }, { userId: users.alice.id })

    await until(
      async () => activities(as.owner, card.id).then((found) => found.length > 0),
      'the activity reply'
    )
    await settle(board.id)
    const replies = await activities(as.owner, card.id)
    assert.lengthOf(replies, 1)
    assert.containsSubset(replies[0], {
      type: 'card_activity',
      userId: users.alice.id,
      rootId: card.threadId,
      inChannel: false,
      message: 'moved this card from **To do** to **In progress**',
      props: { cardId: card.id, boardId: board.id, ref: 'ROA-1' },
    })
    assert.deepEqual(replies[0].props.changes, [
      {
        kind: 'moved',
        from: { id: ids.todo, label: 'To do' },
        to: { id: ids.doing, label: 'In progress' },
      },
    ])
    const thread = await comments(as.owner, card.id)
    assert.lengthOf(thread.data, 1)
    assert.containsSubset(await cardRow(card.id), { groupValue: ids.doing })
  })

  test('a description typed over a socket updates the card’s post once, when the typing pauses', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, dev, board, ids, cards } = await taskBoard()
    const stream = `channels/${dev.id}`
    const sse = await listen(await withToken(users.owner, ['read']), cleanup, stream)
    const card = await addCard(as.owner, cards, { title: 'Typed', column: ids.todo })
    const replica = await connect(board.id, { token: await tokenOf(users.alice) }, cleanup)
    await eventually(() => cardsOf(replica.doc).has(card.id), 5000)

    // Keystrokes over 600 ms: the projection runs several times meanwhile.
    const text = 'Steps to reproduce'
    for (let length = 3; length <= text.length; length += 3) {
      updateCard(
        replica.doc,
        card.id,
        { description: text.slice(0, length) },
        {
          userId: users.alice.id,
        }
      )
      await sleep(100)
    }

    const root = await until(
      async () => {
        const post = expectStatus(await as.owner.get(`/api/v1/posts/${card.threadId}`), 200).body
        return post.message === `Typed\n\n${text}` && post
      },
      'the card’s post with the whole description',
      8000
    )
    assert.equal(root.type, 'card')
    await sse.quietFor(300)
    const edits = sse.on(stream, 'post.edited').filter((e) => e.data.post.id === card.threadId)
    assert.lengthOf(edits, 1, 'one post.edited for the whole burst of typing')
    assert.equal(edits[0].data.post.message, `Typed\n\n${text}`)
    assert.deepEqual(await activities(as.owner, card.id), [], 'text changes are no activity')
  })

  test('socket activity is attributed to the person the server authenticated; a claim to be someone else is refused', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, board, ids, cards } = await taskBoard()
    const card = await addCard(as.alice, cards, { title: 'Who moved it?', column: ids.todo })
    const liar = await connect(board.id, { token: await tokenOf(users.owner) }, cleanup)
    await eventually(() => cardsOf(liar.doc).has(card.id), 5000)
    const closes: number[] = []
    liar.provider.on('connection-close', (event) => event && closes.push(event.code))

    // The owner's socket claims alice made the move: refused, nothing moves.
    moveCard(liar.doc, card.id, { column: ids.done }, { userId: users.alice.id })
    await eventually(() => closes.includes(1007), 5000)
    liar.provider.destroy()
    await settle(board.id)
    assert.lengthOf(await activities(as.alice, card.id), 0)

    // The same move made honestly is the owner's, whatever the client would have written.
    const replica = await connect(board.id, { token: await tokenOf(users.owner) }, cleanup)
    await eventually(() => cardsOf(replica.doc).has(card.id), 5000)
    moveCard(replica.doc, card.id, { column: ids.done }, { userId: users.owner.id })
    const [reply] = await until(async () => {
      const found = await activities(as.alice, card.id)
      return found.length > 0 && found
    }, 'the activity reply')
    await settle(board.id)
    assert.lengthOf(await activities(as.alice, card.id), 1)
    assert.equal(reply.userId, users.owner.id)
    assert.equal(reply.message, 'moved this card from **To do** to **Done**')
  })

  test('one person’s quick changes coalesce into one activity reply; another person’s change makes a new one', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, dev, ids, cards } = await taskBoard()
    const stream = `channels/${dev.id}`
    const sse = await listen(await withToken(users.owner, ['read']), cleanup, stream)
    const card = await addCard(as.alice, cards, { title: 'Busy card', column: ids.todo })

    await patchCard(as.alice, card.id, { column: ids.doing })
    const [first] = await activities(as.owner, card.id)
    assert.containsSubset(first, {
      userId: users.alice.id,
      message: 'moved this card from **To do** to **In progress**',
    })

    await patchCard(as.alice, card.id, { values: { [ids.assignee]: [users.bob.id] } })

    let replies = await activities(as.owner, card.id)
    assert.lengthOf(replies, 1)
    assert.equal(replies[0].id, first.id)
    assert.equal(replies[0].userId, users.alice.id)
    assert.equal(
      replies[0].message,
      `moved this card from **To do** to **In progress**; assigned @${users.bob.username}`
    )
    assert.deepEqual(replies[0].props.changes, [
      {
        kind: 'moved',
        from: { id: ids.todo, label: 'To do' },
        to: { id: ids.doing, label: 'In progress' },
      },
      { kind: 'assigned', userIds: [users.bob.id] },
    ])
    const rewritten = await arrival(
      sse,
      stream,
      'post.edited',
      (e) => e.data.post.id === first.id && e.data.post.message.includes('assigned')
    )
    assert.equal(rewritten.data.post.type, 'card_activity')
    assert.equal(rewritten.data.post.rootId, card.threadId)

    await patchCard(as.owner, card.id, { values: { [ids.due]: '2026-12-01' } })

    replies = await activities(as.owner, card.id)
    assert.lengthOf(replies, 2)
    assert.equal(replies[0].id, first.id)
    assert.containsSubset(replies[1], {
      userId: users.owner.id,
      rootId: card.threadId,
      message: 'set the due date to 2026-12-01',
    })
    assert.deepEqual(replies[1].props.changes, [
      { kind: 'due', from: null, to: '2026-12-01T00:00:00.000Z' },
    ])
    const created = await arrival(
      sse,
      stream,
      'post.created',
      (e) => e.data.post.id === replies[1].id
    )
    assert.equal(created.data.post.rootId, card.threadId)
  })

  test('with channelActivity "all" activity replies show in the channel history, with "new_cards" they do not', async ({
    assert,
  }) => {
    const { as, dev, board, ids, cards } = await taskBoard()
    const quiet = await addCard(as.alice, cards, { title: 'Quiet', column: ids.todo })
    await patchCard(as.owner, quiet.id, { column: ids.doing })
    const [quietReply] = await activities(as.alice, quiet.id)
    assert.isFalse(quietReply.inChannel)
    const before = await history(as.alice, dev.id)
    assert.isFalse(before.some((post) => post.id === quietReply.id))

    const patched = await as.owner.patch(`/api/v1/boards/${board.id}`, { channelActivity: 'all' })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    assert.equal(patched.body.channelActivity, 'all')
    const loud = await addCard(as.alice, cards, { title: 'Loud', column: ids.todo })
    await patchCard(as.owner, loud.id, { column: ids.done })

    const [loudReply] = await activities(as.alice, loud.id)
    assert.containsSubset(loudReply, {
      type: 'card_activity',
      inChannel: true,
      rootId: loud.threadId,
      message: 'moved this card from **To do** to **Done**',
    })
    const listed = await history(as.alice, dev.id)
    const shown = listed.find((post) => post.id === loudReply.id)
    assert.exists(shown, 'the activity reply is in the channel history')
    assert.containsSubset(shown, { type: 'card_activity', rootId: loud.threadId, inChannel: true })
    assert.isTrue(listed.some((post) => post.id === loud.threadId))
    assert.isFalse(listed.some((post) => post.id === quietReply.id))
  })

  test('with channelActivity "none" a new card’s own post stays out of the channel history but keeps its thread', async ({
    assert,
  }) => {
    const { as, dev, board, ids, cards } = await taskBoard()
    const patched = await as.owner.patch(`/api/v1/boards/${board.id}`, { channelActivity: 'none' })
    assert.equal(patched.status, 200, JSON.stringify(patched.body))
    assert.equal(patched.body.channelActivity, 'none')

    const card = await addCard(as.alice, cards, { title: 'Hidden', column: ids.todo })
    await patchCard(as.owner, card.id, { column: ids.doing })

    assert.isString(card.threadId)
    const root = await postAs(as.alice, card.threadId)
    assert.containsSubset(root, { type: 'card', inChannel: false, message: 'Hidden' })
    const [reply] = await activities(as.alice, card.id)
    assert.isFalse(reply.inChannel)
    const thread = await comments(as.alice, card.id)
    assert.equal(thread.root.id, card.threadId)
    const listed = await history(as.alice, dev.id)
    assert.isFalse(listed.some((post) => post.id === card.threadId))
    assert.isFalse(listed.some((post) => post.id === reply.id))
  })
})

test.group('Card threads: notifications', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a newly assigned person is notified live and in their feed; the one who assigned is not', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, dev, ids, cards } = await taskBoard()
    const mine = `users/${users.alice.id}`
    const sse = await listen(await withToken(users.alice, ['read']), cleanup, mine)
    const card = await addCard(as.owner, cards, { title: 'Review the plan', column: ids.todo })

    await patchCard(as.owner, card.id, { values: { [ids.assignee]: [users.alice.id] } })

    const [reply] = await activities(as.owner, card.id)
    assert.containsSubset(reply, {
      userId: users.owner.id,
      message: `assigned @${users.alice.username}`,
    })
    const event = await arrival(
      sse,
      mine,
      'notification.created',
      (e) => e.data.kind === 'assigned'
    )
    assert.containsSubset(event.data, {
      kind: 'assigned',
      post: { id: reply.id, rootId: card.threadId, channelId: dev.id },
      actor: { id: users.owner.id },
    })
    const assigned = await feed(as.alice, 'assigned')
    assert.lengthOf(assigned, 1)
    assert.containsSubset(assigned[0], {
      kind: 'assigned',
      post: { id: reply.id, type: 'card_activity', rootId: card.threadId },
      channel: { id: dev.id },
      actor: { id: users.owner.id },
    })
    assert.deepEqual(await feed(as.owner, 'assigned'), [])
  })

  test('a channel member newly @mentioned in a card’s description is notified on the card’s post', async ({
    assert,
    cleanup,
  }) => {
    const { as, users, dev, ids, cards } = await taskBoard()
    const mine = `users/${users.alice.id}`
    const sse = await listen(await withToken(users.alice, ['read']), cleanup, mine)
    const card = await addCard(as.owner, cards, { title: 'Plan', column: ids.todo })

    await patchCard(as.owner, card.id, {
      description: `@${users.alice.username} please review, and @${users.bob.username} too`,
    })

    const root = await postAs(as.owner, card.threadId)
    assert.equal(
      root.message,
      `Plan\n\n@${users.alice.username} please review, and @${users.bob.username} too`
    )
    const event = await arrival(sse, mine, 'notification.created', (e) => e.data.kind === 'mention')
    assert.containsSubset(event.data, {
      kind: 'mention',
      post: { id: card.threadId, channelId: dev.id },
    })
    const mentions = await feed(as.alice, 'mention')
    assert.lengthOf(mentions, 1)
    assert.containsSubset(mentions[0], {
      post: { id: card.threadId, type: 'card' },
      actor: { id: users.owner.id },
    })
    // bob is not in the channel: no notification for him.
    assert.equal(await count('notifications', { user_id: users.bob.id }), 0)
    // An unrelated change of the description does not notify alice again.
    await patchCard(as.owner, card.id, {
      description: `@${users.alice.username} please review, and @${users.bob.username} too!`,
    })
    assert.equal(await count('notifications', { user_id: users.alice.id, kind: 'mention' }), 1)
  })

  test('a card made with an @mention in its description notifies the channel member mentioned', async ({
    assert,
  }) => {
    const { as, users, ids, cards } = await taskBoard()

    const card = await addCard(as.owner, cards, {
      title: 'Handover',
      description: `@${users.alice.username} this one is yours`,
      column: ids.todo,
    })

    const mentions = await feed(as.alice, 'mention')
    assert.lengthOf(mentions, 1, 'alice is notified of the mention in the new card')
    assert.equal(mentions[0].post.id, card.threadId)
  })

  test('people assigned when a card is made are notified and follow its thread', async ({
    assert,
  }) => {
    const { as, users, ids, cards } = await taskBoard()

    const card = await addCard(as.owner, cards, {
      title: 'Rotate the keys',
      column: ids.todo,
      values: { [ids.assignee]: [users.alice.id, users.owner.id] },
    })

    const assigned = await feed(as.alice, 'assigned')
    assert.lengthOf(assigned, 1, 'alice hears she was assigned the new card')
    assert.equal(assigned[0].post.id, card.threadId)
    assert.lengthOf(await feed(as.owner, 'assigned'), 0, 'the maker is not told of their own act')
    const follow = await db
      .from('thread_follows')
      .where({ user_id: users.alice.id, root_id: card.threadId })
      .first()
    assert.isTrue(Boolean(follow?.following), 'alice follows the card thread')
  })
})

test.group('Card threads: cards from messages and card references', (group) => {
  isolate(group)
  closeBoardSockets(group)

  test('a card made from a message lands on the channel’s board in the column named, and the message shows it', async ({
    assert,
  }) => {
    const { as, users, dev, board, ids } = await taskBoard()
    const text = 'Login fails on **Safari**\nSteps: open the page and sign in'
    const message = await send(as.alice, dev.id, text)

    const response = await as.alice.post(`/api/v1/posts/${message.id}/card`, {
      column: 'in PROGRESS',
    })

    assert.equal(response.status, 201, JSON.stringify(response.body))
    const card = response.body
    assert.containsSubset(card, {
      boardId: board.id,
      sourcePostId: message.id,
      title: 'Login fails on Safari',
      description: text,
      number: 1,
      ref: 'ROA-1',
      createdBy: users.alice.id,
      values: { [ids.status]: ids.doing },
    })
    assert.isString(card.threadId)
    assert.equal(
      expectStatus(await as.bob.get(`/api/v1/cards/${card.id}`), 200).body.sourcePostId,
      message.id
    )
    assert.containsSubset(await cardRow(card.id), { groupValue: ids.doing })

    // bob reads the public channel and views the board: he sees the card under the message.
    const shown = await postAs(as.bob, message.id)
    assert.equal(shown.message, text)
    assert.deepEqual(shown.props.cardIds, [card.id])
    assert.lengthOf(shown.embeds, 1)
    assert.containsSubset(shown.embeds[0], {
      type: 'card',
      id: card.id,
      card: {
        id: card.id,
        ref: 'ROA-1',
        boardId: board.id,
        threadId: card.threadId,
        title: 'Login fails on Safari',
        column: { id: ids.doing, label: 'In progress' },
        deleted: false,
      },
    })

    // By option id, and with a title of its own.
    const other = await send(as.alice, dev.id, 'second thought')
    const byId = await as.alice.post(`/api/v1/posts/${other.id}/card`, {
      column: ids.done,
      title: 'Named',
    })
    assert.equal(byId.status, 201, JSON.stringify(byId.body))
    assert.containsSubset(byId.body, {
      title: 'Named',
      description: 'second thought',
      sourcePostId: other.id,
      number: 2,
      values: { [ids.status]: ids.done },
    })
  })

  test('a card from a message is refused without a board, with an unknown column, for viewers and for unseen posts', async ({
    assert,
  }) => {
    const { as, team, dev, board } = await taskBoard()
    const message = await send(as.alice, dev.id, 'Make me a card')
    const path = `/api/v1/posts/${message.id}/card`
    const townSquare = await townSquareOf(team)
    const elsewhere = await send(as.alice, townSquare.id, 'No board here')
    const secret = await createChannel(as.owner, team, 'private', 'secret')
    const hidden = await send(as.owner, secret, 'Private matter')

    assertError(assert, await as.alice.post(`/api/v1/posts/${elsewhere.id}/card`, {}), 422, {
      code: 'no_board',
      field: 'boardId',
    })
    assertError(assert, await as.alice.post(path, { column: 'Someday' }), 422, {
      code: 'unknown_column',
      field: 'column',
    })
    // bob reads the public channel: a viewer of its board.
    assertError(assert, await as.bob.post(path, {}), 403, FORBIDDEN)
    for (const client of [as.alice, as.guest, as.outsider]) {
      assertError(
        assert,
        await client.post(`/api/v1/posts/${hidden.id}/card`, {}),
        404,
        POST_NOT_FOUND
      )
    }
    assertError(assert, await as.outsider.post(path, {}), 404, POST_NOT_FOUND)
    assertError(assert, await new WebClient().post(path, {}), 401, UNAUTHENTICATED)
    // A card's own post is not a person's message.
    const card = await addCard(as.alice, `/api/v1/boards/${board.id}/cards`, { title: 'Real' })
    assertError(assert, await as.alice.post(`/api/v1/posts/${card.threadId}/card`, {}), 422, {
      code: 'not_a_message',
      field: 'postId',
    })

    assert.equal(await count('cards', { board_id: board.id }), 1)
    const untouched = await postAs(as.alice, message.id)
    assert.isNull(untouched.props)
    assert.deepEqual(untouched.embeds, [])
  })

  test('a reference or a card link in a message shows the card to those who may see the board, and only to them', async ({
    assert,
  }) => {
    const { as, users, dev, board, ids, cards } = await taskBoard()
    const card = await addCard(as.owner, cards, { title: 'Fix login', column: ids.todo })
    await join(dev, users.guest)
    const byRef = await send(as.alice, dev.id, 'see ROA-1 before the release')
    const byUrl = await send(as.alice, dev.id, `details at ${card.url} please`)
    const inCode = await send(as.alice, dev.id, 'the `ROA-1` key is an example')
    const unknown = await send(as.alice, dev.id, 'see ROA-99')

    for (const post of [byRef, byUrl]) {
      const shown = await postAs(as.alice, post.id)
      assert.lengthOf(shown.embeds, 1)
      assert.containsSubset(shown.embeds[0], {
        type: 'card',
        id: card.id,
        card: {
          ref: 'ROA-1',
          boardId: board.id,
          threadId: card.threadId,
          title: 'Fix login',
          column: { id: ids.todo, label: 'To do' },
        },
      })
    }
    for (const post of [inCode, unknown]) {
      const shown = await postAs(as.alice, post.id)
      assert.deepEqual(shown.embeds, [])
    }
    const listed = await history(as.bob, dev.id)
    const inHistory = (id: string) => listed.find((post) => post.id === id)
    assert.equal(inHistory(byRef.id).embeds[0].card.ref, 'ROA-1')
    assert.equal(inHistory(byUrl.id).embeds[0].card.ref, 'ROA-1')
    assert.deepEqual(inHistory(inCode.id).embeds, [])

    // The guest is in the channel but has no role on the board: plain text, no previews.
    const guestView = await history(as.guest, dev.id)
    for (const post of [byRef, byUrl]) {
      const seen = guestView.find((entry) => entry.id === post.id)
      assert.exists(seen)
      assert.equal(seen.message, post.message)
      assert.deepEqual(seen.embeds, [])
      const read = await postAs(as.guest, post.id)
      assert.deepEqual(read.embeds, [])
    }
    // Given a role, the guest sees them.
    expectStatus(
      await as.owner.put(`/api/v1/boards/${board.id}/members/${users.guest.id}`, {
        role: 'viewer',
      }),
      200
    )
    const granted = await postAs(as.guest, byRef.id)
    assert.equal(granted.embeds[0].card.ref, 'ROA-1')
  })

  test('a reference resolves only to boards of the message’s own team', async ({ assert }) => {
    const { as, users, dev, cards } = await taskBoard()
    const mine = await addCard(as.owner, cards, { title: 'Ours' })
    // The owner also runs another team, with a board keyed ROA too and two cards.
    const other = await new TeamService().create(users.owner, 'Elsewhere')
    const ops = await channelOf(users.owner, other, 'ops')
    const theirs = await makeBoard(as.owner, ops.id, { title: 'Roadmap', key: 'ROA' })
    assert.equal(theirs.key, 'ROA')
    const theirCards = `/api/v1/boards/${theirs.id}/cards`
    const first = await addCard(as.owner, theirCards, { title: 'Theirs 1' })
    const second = await addCard(as.owner, theirCards, { title: 'Theirs 2' })
    assert.equal(second.ref, 'ROA-2')

    const here = await send(as.owner, dev.id, 'compare ROA-1 and ROA-2')
    const there = await send(as.owner, ops.id, 'compare ROA-1 and ROA-2')

    const hereShown = await postAs(as.owner, here.id)
    assert.deepEqual(
      hereShown.embeds.map((embed: { id: string }) => embed.id),
      [mine.id]
    )
    const thereShown = await postAs(as.owner, there.id)
    assert.deepEqual(
      thereShown.embeds.map((embed: { id: string }) => embed.id),
      [first.id, second.id]
    )
  })
})

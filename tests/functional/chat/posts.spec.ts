import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import Post from '#chat/models/post'
import PostEdit from '#chat/models/post_edit'
import type { PostJson } from '#chat/transformers/post_transformer'
import { WebClient, expectStatus } from '#tests/helpers/web_client'
import {
  ARCHIVED,
  CHANNEL_NOT_FOUND,
  FORBIDDEN,
  POST_DELETED,
  POST_NOT_FOUND,
  UNAUTHENTICATED,
  assertError,
} from '#tests/helpers/assertions'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import { createChannel, ids, removeTeam, send, teamCast } from '#tests/helpers/chat'

const THREAD_NOT_FOUND = { code: 'not_found', message: 'Thread not found' }
const NOT_AUTHOR_EDIT = { code: 'not_author', message: 'Only the author can edit a post' }
const NOT_AUTHOR_DELETE = {
  code: 'not_author',
  message: 'Only the author or an admin can delete this post',
}

function postsIn(channelId: string) {
  return Post.query().where('channel_id', channelId).orderBy('seq')
}

async function mentionedIn(postId: string) {
  const rows = await db.from('post_mentions').where('post_id', postId).select('user_id')
  return rows.map((row) => row.user_id as string)
}

/**
 * Follows `next` from a first page (at `cursor`, or the default page), passing
 * it as `direction`, and returns the ids of each page and the cursors seen.
 */
async function walk(
  assert: Assert,
  client: WebClient,
  path: string,
  direction: 'before' | 'after',
  cursor?: string
) {
  const pages: string[][] = []
  const cursors: string[] = []
  let response = await client.get(cursor ? `${path}&${direction}=${cursor}` : path)
  while (true) {
    assert.equal(response.status, 200)
    pages.push(ids(response))
    if (response.body.next === null) return { pages, cursors }
    cursors.push(response.body.next)
    assert.isBelow(pages.length, 10, 'pagination never ends')
    response = await client.get(`${path}&${direction}=${response.body.next}`)
  }
}

test.group('Posts: sending', (group) => {
  isolate(group)

  test('a member posts a message that is stored with the next seq of its channel', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const path = `/api/v1/channels/${townSquare.id}/posts`

    const first = await client.post(path, { message: '  hello  ' })
    const second = await client.post(path, { message: 'world' })

    assert.equal(first.status, 201)
    assert.equal(second.status, 201)
    assert.equal(first.body.message, 'hello')
    assert.equal(first.body.channelId, townSquare.id)
    assert.equal(first.body.userId, alice.id)
    assert.isNull(first.body.rootId)
    assert.isFalse(first.body.edited)
    assert.isFalse(first.body.deleted)
    assert.isAbove(first.body.seq, 0)
    assert.isAbove(second.body.seq, first.body.seq)

    const rows = await postsIn(townSquare.id)
    assert.deepEqual(
      rows.map((row) => [row.id, row.seq, row.userId, row.message]),
      [
        [first.body.id, first.body.seq, alice.id, 'hello'],
        [second.body.id, second.body.seq, alice.id, 'world'],
      ]
    )
  })

  test('an empty, blank or over-16000-character message is refused and nothing is stored', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const path = `/api/v1/channels/${townSquare.id}/posts`

    for (const message of ['', '   ']) {
      const response = await client.post(path, { message })
      assertError(assert, response, 422, { code: 'minLength', field: 'message' })
    }
    const tooLong = await client.post(path, { message: 'x'.repeat(16001) })
    assertError(assert, tooLong, 422, { code: 'maxLength', field: 'message' })
    const missing = await client.post(path, {})
    assertError(assert, missing, 422, { code: 'required', field: 'message' })
    assert.lengthOf(await postsIn(townSquare.id), 0)

    const longest = await client.post(path, { message: 'x'.repeat(16000) })
    assert.equal(longest.status, 201)
    const stored = await Post.findOrFail(longest.body.id)
    assert.lengthOf(stored.message, 16000)
  })

  test('a team member who has not joined a public channel cannot post in it', async ({
    assert,
  }) => {
    const { team, alice, bob } = await teamCast()
    const channelId = await createChannel(await signIn(alice), team, 'public', 'dev')
    const bobs = await signIn(bob)

    const response = await bobs.post(`/api/v1/channels/${channelId}/posts`, {
      message: 'let me in',
    })

    assertError(assert, response, 403, FORBIDDEN)
    assert.lengthOf(await postsIn(channelId), 0)
  })

  test('posting in a private channel one cannot see answers 404', async ({ assert }) => {
    const { team, alice, bob } = await teamCast()
    const channelId = await createChannel(await signIn(alice), team, 'private', 'secret')
    const bobs = await signIn(bob)

    const response = await bobs.post(`/api/v1/channels/${channelId}/posts`, {
      message: 'anyone here?',
    })

    assertError(assert, response, 404, CHANNEL_NOT_FOUND)
    assert.lengthOf(await postsIn(channelId), 0)
  })

  test('an archived channel refuses new posts', async ({ assert }) => {
    const { team, alice } = await teamCast()
    const client = await signIn(alice)
    const channelId = await createChannel(client, team, 'public', 'old')
    expectStatus(await client.post(`/api/v1/channels/${channelId}/archive`), 200)

    const response = await client.post(`/api/v1/channels/${channelId}/posts`, {
      message: 'too late',
    })

    assertError(assert, response, 403, ARCHIVED)
    assert.lengthOf(await postsIn(channelId), 0)
  })

  test('a retried clientId answers 200 with the same post and stores no second one', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const path = `/api/v1/channels/${townSquare.id}/posts`

    const first = await client.post(path, { message: 'once', clientId: 'draft-1' })
    const retry = await client.post(path, { message: 'once', clientId: 'draft-1' })

    assert.equal(first.status, 201)
    assert.equal(retry.status, 200)
    assert.equal(retry.body.id, first.body.id)
    assert.equal(retry.body.seq, first.body.seq)
    assert.equal(retry.body.clientId, 'draft-1')
    assert.equal(retry.body.message, 'once')
    const rows = await postsIn(townSquare.id)
    assert.deepEqual(
      rows.map((row) => [row.id, row.clientId]),
      [[first.body.id, 'draft-1']]
    )
  })

  test('a clientId belongs to its author: someone else using it makes a new post', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const path = `/api/v1/channels/${townSquare.id}/posts`

    const alices = await signIn(alice)
    const bobs = await signIn(bob)

    const byAlice = await alices.post(path, { message: 'a', clientId: 'same' })
    const byBob = await bobs.post(path, { message: 'b', clientId: 'same' })

    assert.equal(byAlice.status, 201)
    assert.equal(byBob.status, 201)
    assert.notEqual(byBob.body.id, byAlice.body.id)
    const rows = await postsIn(townSquare.id)
    assert.deepEqual(
      rows.map((row) => [row.userId, row.clientId, row.message]),
      [
        [alice.id, 'same', 'a'],
        [bob.id, 'same', 'b'],
      ]
    )
  })

  test('a clientId already used in another channel is refused with 409', async ({ assert }) => {
    const { team, townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const otherId = await createChannel(client, team, 'public', 'dev')
    const first = await send(client, townSquare.id, 'here', { clientId: 'shared-1' })

    const response = await client.post(`/api/v1/channels/${otherId}/posts`, {
      message: 'there',
      clientId: 'shared-1',
    })

    assertError(assert, response, 409, {
      code: 'client_id_reused',
      message: 'This clientId was used for another channel',
    })
    assert.lengthOf(await postsIn(otherId), 0)
    const rows = await Post.query().where('client_id', 'shared-1')
    assert.deepEqual(
      rows.map((row) => row.id),
      [first.id]
    )
  })
})

test.group('Posts: concurrent retries', (group) => {
  // Concurrent requests need database connections of their own, as in
  // production. Inside the global transaction of `isolate` they would share
  // one, and on PostgreSQL the losing insert would abort the others' queries.
  // So this group commits for real, and each test removes what it made.
  group.each.setup(() => limiter.clear())

  test('five concurrent sends with one clientId store exactly one post', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, admin, alice, bob } = await teamCast()
    cleanup(() => removeTeam(team, [admin, alice, bob]))
    const client = await withToken(alice)
    const path = `/api/v1/channels/${townSquare.id}/posts`

    const responses = await Promise.all(
      Array.from({ length: 5 }, () => client.post(path, { message: 'racing', clientId: 'race-1' }))
    )

    const statuses = responses.map((response) => response.status).sort()
    assert.deepEqual(statuses, [200, 200, 200, 200, 201], JSON.stringify(responses))
    assert.lengthOf(new Set(responses.map((response) => response.body.id)), 1)
    const rows = await postsIn(townSquare.id)
    assert.deepEqual(
      rows.map((row) => [row.id, row.clientId, row.message]),
      [[responses[0].body.id, 'race-1', 'racing']]
    )
  })
})

test.group('Posts: replies', (group) => {
  isolate(group)

  test('replies count on their root, with the last reply time and the participants', async ({
    assert,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const root = await send(alices, townSquare.id, 'root')

    const first = await send(await signIn(bob), townSquare.id, 'first', { rootId: root.id })
    const second = await send(await signIn(admin), townSquare.id, 'second', { rootId: root.id })

    assert.equal(first.rootId, root.id)
    assert.equal(second.rootId, root.id)
    assert.isAbove(second.seq, first.seq)
    const response = await alices.get(`/api/v1/posts/${root.id}`)
    assert.equal(response.status, 200)
    assert.equal(response.body.replyCount, 2)
    assert.isString(response.body.lastReplyAt)
    assert.sameMembers(response.body.participants, [bob.id, admin.id])

    const stored = await Post.findOrFail(root.id)
    assert.equal(stored.replyCount, 2)
    assert.equal(stored.lastReplyId, second.id)
    assert.isNotNull(stored.lastReplyAt)
  })

  test('a reply to a reply joins the thread of the root', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const root = await send(alices, townSquare.id, 'root')
    const reply = await send(await signIn(bob), townSquare.id, 'reply', { rootId: root.id })

    const nested = await send(alices, townSquare.id, 'nested', { rootId: reply.id })

    assert.equal(nested.rootId, root.id)
    const stored = await Post.findOrFail(nested.id)
    assert.equal(stored.rootId, root.id)
    const storedRoot = await Post.findOrFail(root.id)
    assert.equal(storedRoot.replyCount, 2)
    const storedReply = await Post.findOrFail(reply.id)
    assert.equal(storedReply.replyCount, 0)
  })

  test('a rootId from another channel answers 404 and stores nothing', async ({ assert }) => {
    const { team, townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const otherId = await createChannel(client, team, 'public', 'dev')
    const root = await send(client, otherId, 'elsewhere')

    const response = await client.post(`/api/v1/channels/${townSquare.id}/posts`, {
      message: 'crossing over',
      rootId: root.id,
    })

    assertError(assert, response, 404, THREAD_NOT_FOUND)
    assert.lengthOf(await postsIn(townSquare.id), 0)
    const storedRoot = await Post.findOrFail(root.id)
    assert.equal(storedRoot.replyCount, 0)
  })

  test('replying to a deleted root is refused with 422', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const root = await send(alices, townSquare.id, 'soon gone')
    expectStatus(await alices.delete(`/api/v1/posts/${root.id}`), 204)
    const bobs = await signIn(bob)

    const response = await bobs.post(`/api/v1/channels/${townSquare.id}/posts`, {
      message: 'too late',
      rootId: root.id,
    })

    assertError(assert, response, 422, {
      code: 'root_deleted',
      message: 'This thread was deleted',
      field: 'rootId',
    })
    const rows = await postsIn(townSquare.id)
    assert.deepEqual(
      rows.map((row) => row.id),
      [root.id]
    )
    const storedRoot = await Post.findOrFail(root.id)
    assert.equal(storedRoot.replyCount, 0)
  })
})

test.group('Posts: channel history', (group) => {
  isolate(group)

  test('history lists only thread roots, in seq order', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const first = await send(alices, townSquare.id, 'one')
    await send(bobs, townSquare.id, 'a reply', { rootId: first.id })
    const second = await send(bobs, townSquare.id, 'two')
    const third = await send(alices, townSquare.id, 'three')

    const response = await bobs.get(`/api/v1/channels/${townSquare.id}/posts`)

    assert.equal(response.status, 200)
    assert.deepEqual(ids(response), [first.id, second.id, third.id])
    assert.deepEqual(
      response.body.data.map((post: PostJson) => post.seq),
      [first.seq, second.seq, third.seq]
    )
    assert.equal(response.body.data[0].replyCount, 1)
    assert.isNull(response.body.next)
    assert.lengthOf(await postsIn(townSquare.id), 4)
  })

  test('history opens at the latest page and pages of two walk every root exactly once', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const posts: PostJson[] = []
    for (const message of ['p1', 'p2', 'p3', 'p4', 'p5']) {
      posts.push(await send(client, townSquare.id, message))
    }
    const [p1, p2, p3, p4, p5] = posts.map((post) => post.id)
    const path = `/api/v1/channels/${townSquare.id}/posts?limit=2`

    const back = await walk(assert, client, path, 'before')
    assert.deepEqual(back.pages, [[p4, p5], [p2, p3], [p1]])

    // The second cursor points at p2: walking forward from it visits everything after it.
    const forward = await walk(assert, client, path, 'after', back.cursors[1])
    assert.deepEqual(forward.pages, [[p3, p4], [p5]])
  })

  test('a page of history says the seq its channel stream had reached, for catch-up to resume', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast()
    const client = await signIn(alice)
    const root = await send(client, townSquare.id, 'root')
    const { body: reply } = await client.post(`/api/v1/channels/${townSquare.id}/posts`, {
      message: 'a reply after the last root',
      rootId: root.id,
    })

    for (const query of ['', '?around=unread', `?around=${root.id}`]) {
      const page = await client.get(`/api/v1/channels/${townSquare.id}/posts${query}`)
      assert.equal(page.body.latestSeq, reply.seq, query)
      assert.equal(page.body.data.at(-1).replyCount, 1)
    }
    // Nothing after it: a client resuming there applies the reply once, not again.
    const after = await client.get(
      `/api/v1/events?stream=channels/${townSquare.id}&after=${reply.seq}`
    )
    assert.deepEqual(after.body.data, [])
  })

  test('around=unread answers the page around the reader’s first unread message', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const posts: PostJson[] = []
    for (const message of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) {
      posts.push(await send(alices, townSquare.id, message))
    }
    const [p1, p2, p3, p4, p5, p6] = posts
    const marked = await bobs.post(`/api/v1/channels/${townSquare.id}/read`, { seq: p3.seq })
    assert.equal(marked.body.lastReadSeq, p3.seq)
    const path = `/api/v1/channels/${townSquare.id}/posts`

    const response = await bobs.get(`${path}?around=unread&limit=4`)

    assert.equal(response.status, 200)
    assert.equal(response.body.firstUnreadSeq, p4.seq)
    assert.deepEqual(ids(response), [p2.id, p3.id, p4.id, p5.id])
    assert.isString(response.body.previous)
    assert.isString(response.body.next)

    const older = await bobs.get(`${path}?limit=4&before=${response.body.previous}`)
    assert.deepEqual(ids(older), [p1.id])
    assert.isNull(older.body.next)
    const newer = await bobs.get(`${path}?limit=4&after=${response.body.next}`)
    assert.deepEqual(ids(newer), [p6.id])
    assert.isNull(newer.body.next)

    const membership = await db
      .from('channel_members')
      .where({ channel_id: townSquare.id, user_id: bob.id })
      .first()
    assert.equal(Number(membership.last_read_seq), p3.seq, 'reading history moves no read point')
  })

  test('around=<postId> answers the page at a permalinked post, a reply at its thread’s root', async ({
    assert,
  }) => {
    const { team, townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const posts: PostJson[] = []
    for (const message of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) {
      posts.push(await send(alices, townSquare.id, message))
    }
    const [p1, p2, p3, p4, p5, p6] = posts
    const reply = await send(alices, townSquare.id, 'in the thread', p4.id)
    const bobs = await signIn(bob)
    const path = `/api/v1/channels/${townSquare.id}/posts`

    const response = await bobs.get(`${path}?around=${p4.id}&limit=4`)
    const atReply = await bobs.get(`${path}?around=${reply.id}&limit=4`)

    assert.equal(response.status, 200)
    assert.equal(response.body.aroundSeq, p4.seq)
    assert.deepEqual(ids(response), [p2.id, p3.id, p4.id, p5.id])
    const older = await bobs.get(`${path}?limit=4&before=${response.body.previous}`)
    assert.deepEqual(ids(older), [p1.id])
    const newer = await bobs.get(`${path}?limit=4&after=${response.body.next}`)
    assert.deepEqual(ids(newer), [p6.id])
    assert.equal(atReply.body.aroundSeq, p4.seq)
    assert.deepEqual(ids(atReply), [p2.id, p3.id, p4.id, p5.id])

    const elsewhere = await createChannel(alices, team, 'private', 'secret')
    const hidden = await send(alices, elsewhere, 'not for bob')
    const mine = await createChannel(bobs, team, 'public', 'bobs')
    const inOther = await send(alices, townSquare.id, 'another channel')
    assertError(assert, await bobs.get(`${path}?around=${hidden.id}`), 404, POST_NOT_FOUND)
    const wrongChannel = await bobs.get(`/api/v1/channels/${mine}/posts?around=${inOther.id}`)
    assertError(assert, wrongChannel, 404, POST_NOT_FOUND)
    assertError(assert, await bobs.get(`${path}?around=first`), 422, {
      code: 'regex',
      field: 'around',
    })
  })

  test('around=unread never puts the first unread on the reader’s own message', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const read = await send(alices, townSquare.id, 'read already')
    expectStatus(await bobs.post(`/api/v1/channels/${townSquare.id}/read`, { seq: read.seq }), 200)
    // Bob writes without his read point moving (another device, say), then Alice answers.
    await send(bobs, townSquare.id, 'my own words')
    const answer = await send(alices, townSquare.id, 'an answer')

    const response = await bobs.get(`/api/v1/channels/${townSquare.id}/posts?around=unread`)

    assert.equal(response.status, 200)
    assert.equal(response.body.firstUnreadSeq, answer.seq)
    const mineOnly = await send(bobs, townSquare.id, 'only me after this')
    expectStatus(
      await bobs.post(`/api/v1/channels/${townSquare.id}/read`, { seq: answer.seq }),
      200
    )
    const after = await bobs.get(`/api/v1/channels/${townSquare.id}/posts?around=unread`)
    assert.isNull(after.body.firstUnreadSeq)
    assert.include(ids(after), mineOnly.id)
  })

  test('around=unread with everything read ends on the newest messages', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const first = await send(alices, townSquare.id, 'p1')
    const second = await send(alices, townSquare.id, 'p2')
    expectStatus(await bobs.post(`/api/v1/channels/${townSquare.id}/read`, {}), 200)

    const response = await bobs.get(`/api/v1/channels/${townSquare.id}/posts?around=unread`)

    assert.equal(response.status, 200)
    assert.isNull(response.body.firstUnreadSeq)
    assert.deepEqual(ids(response), [first.id, second.id])
    assert.isNull(response.body.previous)
    assert.isNull(response.body.next)
  })

  test('history of a private channel one cannot see answers 404', async ({ assert }) => {
    const { team, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'private', 'secret')
    await send(alices, channelId, 'hidden')
    const bobs = await signIn(bob)

    const response = await bobs.get(`/api/v1/channels/${channelId}/posts`)

    assertError(assert, response, 404, CHANNEL_NOT_FOUND)
  })
})

test.group('Posts: reading one', (group) => {
  isolate(group)

  test('a post of a public channel is readable by team members outside it', async ({ assert }) => {
    const { team, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'public', 'dev')
    const sent = await send(alices, channelId, 'public news')
    const bobs = await signIn(bob)

    const response = await bobs.get(`/api/v1/posts/${sent.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, sent.id)
    assert.equal(response.body.message, 'public news')
    assert.equal(response.body.seq, sent.seq)
    assert.deepEqual(response.body.reactions, [])
    assert.deepEqual(response.body.participants, [])
  })

  test('a post of a channel one cannot see, or that does not exist, answers 404', async ({
    assert,
  }) => {
    const { team, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'private', 'secret')
    const hidden = await send(alices, channelId, 'hidden')
    const bobs = await signIn(bob)

    for (const id of [hidden.id, '01890a5d-ac96-774b-bcce-b302099a8057', 'not-an-id']) {
      const response = await bobs.get(`/api/v1/posts/${id}`)
      assertError(assert, response, 404, POST_NOT_FOUND)
    }
    const edits = await bobs.get(`/api/v1/posts/${hidden.id}/edits`)
    assertError(assert, edits, 404, POST_NOT_FOUND)
  })
})

test.group('Posts: editing', (group) => {
  isolate(group)

  test('the author edits a post and its earlier texts are kept in order', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, 'first draft')

    const edited = await alices.patch(`/api/v1/posts/${sent.id}`, { message: 'second draft' })
    const again = await alices.patch(`/api/v1/posts/${sent.id}`, { message: 'final' })

    assert.equal(edited.status, 200)
    assert.equal(edited.body.message, 'second draft')
    assert.isTrue(edited.body.edited)
    assert.isString(edited.body.editedAt)
    assert.equal(again.body.message, 'final')
    assert.equal(again.body.seq, sent.seq)
    const bobs = await signIn(bob)

    const history = await bobs.get(`/api/v1/posts/${sent.id}/edits`)
    assert.equal(history.status, 200)
    assert.deepEqual(
      history.body.data.map((edit: { message: string }) => edit.message),
      ['first draft', 'second draft']
    )
    assert.isString(history.body.data[0].replacedAt)

    const stored = await Post.findOrFail(sent.id)
    assert.equal(stored.message, 'final')
    assert.isNotNull(stored.editedAt)
    const edits = await PostEdit.query().where('post_id', sent.id).orderBy('id')
    assert.deepEqual(
      edits.map((edit) => edit.message),
      ['first draft', 'second draft']
    )
  })

  test('someone else cannot edit a post and its text stays as it was', async ({ assert }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const sent = await send(await signIn(alice), townSquare.id, 'mine')

    for (const user of [bob, admin]) {
      const client = await signIn(user)
      const response = await client.patch(`/api/v1/posts/${sent.id}`, {
        message: 'hijacked',
      })
      assertError(assert, response, 403, NOT_AUTHOR_EDIT)
    }

    const stored = await Post.findOrFail(sent.id)
    assert.equal(stored.message, 'mine')
    assert.isNull(stored.editedAt)
    assert.lengthOf(await PostEdit.query().where('post_id', sent.id), 0)
  })

  test('an edit to an empty message is refused', async ({ assert }) => {
    const { townSquare, alice } = await teamCast()
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, 'keep me')

    const response = await alices.patch(`/api/v1/posts/${sent.id}`, { message: '  ' })

    assertError(assert, response, 422, { code: 'minLength', field: 'message' })
    const stored = await Post.findOrFail(sent.id)
    assert.equal(stored.message, 'keep me')
    assert.lengthOf(await PostEdit.query().where('post_id', sent.id), 0)
  })

  test('a deleted post cannot be edited', async ({ assert }) => {
    const { townSquare, alice } = await teamCast()
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, 'gone soon')
    expectStatus(await alices.delete(`/api/v1/posts/${sent.id}`), 204)

    const response = await alices.patch(`/api/v1/posts/${sent.id}`, { message: 'revived' })

    assertError(assert, response, 409, POST_DELETED)
    const stored = await Post.findOrFail(sent.id)
    assert.equal(stored.message, '')
    assert.isNotNull(stored.deletedAt)
    assert.lengthOf(await PostEdit.query().where('post_id', sent.id), 0)
  })

  test('posts of an archived channel can be neither edited nor deleted', async ({ assert }) => {
    const { team, alice } = await teamCast()
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'public', 'old')
    const sent = await send(alices, channelId, 'frozen')
    expectStatus(await alices.post(`/api/v1/channels/${channelId}/archive`), 200)

    const edit = await alices.patch(`/api/v1/posts/${sent.id}`, { message: 'thawed' })
    assertError(assert, edit, 403, ARCHIVED)
    const removal = await alices.delete(`/api/v1/posts/${sent.id}`)
    assertError(assert, removal, 403, ARCHIVED)

    const stored = await Post.findOrFail(sent.id)
    assert.equal(stored.message, 'frozen')
    assert.isNull(stored.editedAt)
    assert.isNull(stored.deletedAt)
    assert.lengthOf(await PostEdit.query().where('post_id', sent.id), 0)
  })
})

test.group('Posts: deleting', (group) => {
  isolate(group)

  test('the author deletes a post: its text, reactions, mentions and edits are gone', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, `draft for @${bob.username}`)
    expectStatus(
      await alices.patch(`/api/v1/posts/${sent.id}`, { message: `hi @${bob.username}` }),
      200
    )
    const bobs = await signIn(bob)
    expectStatus(await bobs.put(`/api/v1/posts/${sent.id}/reactions/thumbsup`), 204)
    assert.lengthOf(await db.from('reactions').where('post_id', sent.id), 1)
    assert.deepEqual(await mentionedIn(sent.id), [bob.id])

    const response = await alices.delete(`/api/v1/posts/${sent.id}`)

    assert.equal(response.status, 204)
    assert.equal(response.body, '')
    const shown = await alices.get(`/api/v1/posts/${sent.id}`)
    assert.equal(shown.body.message, '')
    assert.isTrue(shown.body.deleted)
    assert.isString(shown.body.deletedAt)
    assert.deepEqual(shown.body.reactions, [])
    const edits = await alices.get(`/api/v1/posts/${sent.id}/edits`)
    assert.deepEqual(edits.body.data, [])

    const stored = await Post.findOrFail(sent.id)
    assert.equal(stored.message, '')
    assert.isNotNull(stored.deletedAt)
    assert.lengthOf(await db.from('reactions').where('post_id', sent.id), 0)
    assert.lengthOf(await PostEdit.query().where('post_id', sent.id), 0)
    assert.deepEqual(await mentionedIn(sent.id), [])
  })

  test('the replies of a deleted root stay in its thread', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const root = await send(alices, townSquare.id, 'root')
    const first = await send(await signIn(bob), townSquare.id, 'first', { rootId: root.id })
    const second = await send(alices, townSquare.id, 'second', { rootId: root.id })

    expectStatus(await alices.delete(`/api/v1/posts/${root.id}`), 204)

    const thread = await alices.get(`/api/v1/posts/${root.id}/thread`)
    assert.equal(thread.status, 200)
    assert.isTrue(thread.body.root.deleted)
    assert.deepEqual(
      thread.body.data.map((reply: PostJson) => [reply.id, reply.message]),
      [
        [first.id, 'first'],
        [second.id, 'second'],
      ]
    )
    const replies = await Post.query().where('root_id', root.id).whereNull('deleted_at')
    assert.lengthOf(replies, 2)
    const storedRoot = await Post.findOrFail(root.id)
    assert.equal(storedRoot.replyCount, 2)
  })

  test('a plain member cannot delete someone else’s post and nothing changes', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const sent = await send(await signIn(alice), townSquare.id, 'mine')
    const bobs = await signIn(bob)

    const response = await bobs.delete(`/api/v1/posts/${sent.id}`)

    assertError(assert, response, 403, NOT_AUTHOR_DELETE)
    const stored = await Post.findOrFail(sent.id)
    assert.equal(stored.message, 'mine')
    assert.isNull(stored.deletedAt)
  })

  test('a channel admin and a team admin may delete other people’s posts', async ({ assert }) => {
    const { team, admin, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    // alice made the channel, so she is its admin; the team admin is not even in it.
    const channelId = await createChannel(alices, team, 'public', 'dev', [bob])
    const bobs = await signIn(bob)
    const first = await send(bobs, channelId, 'first')
    const second = await send(bobs, channelId, 'second')

    const byChannelAdmin = await alices.delete(`/api/v1/posts/${first.id}`)
    const admins = await signIn(admin)
    const byTeamAdmin = await admins.delete(`/api/v1/posts/${second.id}`)

    assert.equal(byChannelAdmin.status, 204)
    assert.equal(byTeamAdmin.status, 204)
    const rows = await postsIn(channelId)
    assert.deepEqual(
      rows.map((row) => [row.id, row.message, row.isDeleted]),
      [
        [first.id, '', true],
        [second.id, '', true],
      ]
    )
  })

  test('deleting a reply takes it off its root’s reply count, once', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const root = await send(alices, townSquare.id, 'root')
    const first = await send(bobs, townSquare.id, 'first', { rootId: root.id })
    await send(bobs, townSquare.id, 'second', { rootId: root.id })

    const before = await Post.findOrFail(root.id)
    assert.equal(before.replyCount, 2)
    expectStatus(await bobs.delete(`/api/v1/posts/${first.id}`), 204)
    const again = await bobs.delete(`/api/v1/posts/${first.id}`)

    assert.equal(again.status, 204)
    const shown = await alices.get(`/api/v1/posts/${root.id}`)
    assert.equal(shown.body.replyCount, 1)
    const storedRoot = await Post.findOrFail(root.id)
    assert.equal(storedRoot.replyCount, 1)
    const storedReply = await Post.findOrFail(first.id)
    assert.isTrue(storedReply.isDeleted)
  })
})

test.group('Posts: mentions', (group) => {
  isolate(group)

  test('an @username of a channel member is recorded; the author’s own and a non-member’s are not', async ({
    assert,
  }) => {
    const { team, admin, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'public', 'dev', [bob])

    const sent = await send(
      alices,
      channelId,
      `@${bob.username}. @${alice.username} and @${admin.username}, look`
    )

    assert.isFalse(sent.mentionsAll)
    assert.deepEqual(await mentionedIn(sent.id), [bob.id])
    const row = await db.from('post_mentions').where('post_id', sent.id).first()
    assert.equal(row.channel_id, channelId)
    assert.equal(Number(row.seq), sent.seq)
    assert.isNull(row.root_id)
  })

  test('@channel, @all and @here mention the whole channel', async ({ assert }) => {
    const { townSquare, alice } = await teamCast()
    const alices = await signIn(alice)

    for (const word of ['@channel', '@all', '@here']) {
      const sent = await send(alices, townSquare.id, `${word} standup now`)
      assert.isTrue(sent.mentionsAll, word)
      const stored = await Post.findOrFail(sent.id)
      assert.isTrue(stored.mentionsAll, word)
    }
    const plain = await send(alices, townSquare.id, 'just chatting, email me at a@b.example')
    assert.isFalse(plain.mentionsAll)
    const stored = await Post.findOrFail(plain.id)
    assert.isFalse(stored.mentionsAll)
  })

  test('mentions inside code spans and code blocks do not count', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)

    const sent = await send(
      alices,
      townSquare.id,
      `run \`notify @${bob.username}\` or\n\`\`\`\n@channel\n@${bob.username}\n\`\`\``
    )

    assert.isFalse(sent.mentionsAll)
    const stored = await Post.findOrFail(sent.id)
    assert.isFalse(stored.mentionsAll)
    assert.deepEqual(await mentionedIn(sent.id), [])
  })

  test('editing a post computes its mentions afresh', async ({ assert }) => {
    const { townSquare, admin, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, `ping @${bob.username}`)
    assert.deepEqual(await mentionedIn(sent.id), [bob.id])

    const renamed = await alices.patch(`/api/v1/posts/${sent.id}`, {
      message: `ping @${admin.username}`,
    })
    assert.equal(renamed.status, 200)
    assert.deepEqual(await mentionedIn(sent.id), [admin.id])

    const widened = await alices.patch(`/api/v1/posts/${sent.id}`, { message: 'ping @channel' })
    assert.isTrue(widened.body.mentionsAll)
    assert.deepEqual(await mentionedIn(sent.id), [])
    const stored = await Post.findOrFail(sent.id)
    assert.isTrue(stored.mentionsAll)
  })
})

test.group('Posts: authentication', (group) => {
  isolate(group)

  test('every post route needs a signed-in user', async ({ assert }) => {
    const { townSquare, alice } = await teamCast()
    const sent = await send(await signIn(alice), townSquare.id, 'hello')
    const anonymous = new WebClient()

    const responses = [
      await anonymous.get(`/api/v1/channels/${townSquare.id}/posts`),
      await anonymous.post(`/api/v1/channels/${townSquare.id}/posts`, { message: 'anon' }),
      await anonymous.get(`/api/v1/posts/${sent.id}`),
      await anonymous.patch(`/api/v1/posts/${sent.id}`, { message: 'anon' }),
      await anonymous.delete(`/api/v1/posts/${sent.id}`),
      await anonymous.get(`/api/v1/posts/${sent.id}/edits`),
    ]

    for (const response of responses) assertError(assert, response, 401, UNAUTHENTICATED)
    const rows = await postsIn(townSquare.id)
    assert.deepEqual(
      rows.map((row) => [row.id, row.message, row.isDeleted]),
      [[sent.id, 'hello', false]]
    )
  })
})

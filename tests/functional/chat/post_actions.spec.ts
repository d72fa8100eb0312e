import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type User from '#app/models/user'
import Post from '#chat/models/post'
import type { PostJson } from '#chat/transformers/post_transformer'
import { WebClient, expectStatus } from '#tests/helpers/web_client'
import {
  CHANNEL_NOT_FOUND,
  FORBIDDEN,
  POST_DELETED,
  POST_NOT_FOUND,
  UNAUTHENTICATED,
  assertError,
} from '#tests/helpers/assertions'
import { isolate, signIn } from '#tests/helpers/auth'
import { createChannel, ids, send, teamCast } from '#tests/helpers/chat'

const INVALID_EMOJI = { code: 'invalid_emoji', message: 'Not an emoji name', field: 'emoji' }

/** The reactions of a post as stored: `[userId, emoji]`, sorted. */
async function reactionsOf(postId: string) {
  const rows = await db.from('reactions').where('post_id', postId).select('user_id', 'emoji')
  return rows.map((row) => [row.user_id as string, row.emoji as string]).sort()
}

async function savedBy(user: User) {
  const rows = await db.from('saved_posts').where('user_id', user.id).select('post_id')
  return rows.map((row) => row.post_id as string)
}

test.group('Post actions: reactions', (group) => {
  isolate(group)

  test('reacting twice with one emoji leaves one reaction', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const sent = await send(await signIn(alice), townSquare.id, 'react to me')
    const bobs = await signIn(bob)

    const first = await bobs.put(`/api/v1/posts/${sent.id}/reactions/thumbsup`)
    const second = await bobs.put(`/api/v1/posts/${sent.id}/reactions/thumbsup`)

    assert.equal(first.status, 204)
    assert.equal(second.status, 204)
    assert.deepEqual(await reactionsOf(sent.id), [[bob.id, 'thumbsup']])
    const shown = await bobs.get(`/api/v1/posts/${sent.id}`)
    assert.deepEqual(shown.body.reactions, [{ emoji: 'thumbsup', count: 1, userIds: [bob.id] }])
  })

  test('two people reacting with one emoji count two, other emoji count apart', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, 'react to me')
    const bobs = await signIn(bob)

    expectStatus(await alices.put(`/api/v1/posts/${sent.id}/reactions/tada`), 204)
    expectStatus(await bobs.put(`/api/v1/posts/${sent.id}/reactions/tada`), 204)
    expectStatus(await bobs.put(`/api/v1/posts/${sent.id}/reactions/%2B1`), 204)

    const shown = await alices.get(`/api/v1/posts/${sent.id}`)
    assert.equal(shown.status, 200)
    assert.lengthOf(shown.body.reactions, 2)
    const tada = shown.body.reactions.find((entry: { emoji: string }) => entry.emoji === 'tada')
    assert.equal(tada.count, 2)
    assert.sameMembers(tada.userIds, [alice.id, bob.id])
    const plusOne = shown.body.reactions.find((entry: { emoji: string }) => entry.emoji === '+1')
    assert.deepEqual(plusOne, { emoji: '+1', count: 1, userIds: [bob.id] })
    const history = await alices.get(`/api/v1/channels/${townSquare.id}/posts`)
    assert.deepEqual(history.body.data[0].reactions, shown.body.reactions)
    assert.deepEqual(
      await reactionsOf(sent.id),
      [
        [alice.id, 'tada'],
        [bob.id, '+1'],
        [bob.id, 'tada'],
      ].sort()
    )
  })

  test('removing a reaction removes only the caller’s', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, 'react to me')
    const bobs = await signIn(bob)
    expectStatus(await alices.put(`/api/v1/posts/${sent.id}/reactions/tada`), 204)
    expectStatus(await bobs.put(`/api/v1/posts/${sent.id}/reactions/tada`), 204)

    const removed = await bobs.delete(`/api/v1/posts/${sent.id}/reactions/tada`)
    const again = await bobs.delete(`/api/v1/posts/${sent.id}/reactions/tada`)

    assert.equal(removed.status, 204)
    assert.equal(again.status, 204)
    assert.deepEqual(await reactionsOf(sent.id), [[alice.id, 'tada']])
    const shown = await bobs.get(`/api/v1/posts/${sent.id}`)
    assert.deepEqual(shown.body.reactions, [{ emoji: 'tada', count: 1, userIds: [alice.id] }])
  })

  test('an emoji name outside a-z, 0-9, _, + and - is refused', async ({ assert }) => {
    const { townSquare, alice } = await teamCast({ carol: true })
    const client = await signIn(alice)
    const sent = await send(client, townSquare.id, 'react to me')

    for (const emoji of ['a%20b', '%3Cscript%3E', 'Thumbsup', 'x'.repeat(65), '%25']) {
      const response = await client.put(`/api/v1/posts/${sent.id}/reactions/${emoji}`)
      assertError(assert, response, 422, INVALID_EMOJI)
    }
    const removal = await client.delete(`/api/v1/posts/${sent.id}/reactions/a%20b`)
    assertError(assert, removal, 422, INVALID_EMOJI)

    assert.deepEqual(await reactionsOf(sent.id), [])
  })

  test('someone outside a channel cannot react in it', async ({ assert }) => {
    const { team, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const publicId = await createChannel(alices, team, 'public', 'dev')
    const privateId = await createChannel(alices, team, 'private', 'secret')
    const open = await send(alices, publicId, 'public')
    const hidden = await send(alices, privateId, 'private')
    const bobs = await signIn(bob)

    const onPublic = await bobs.put(`/api/v1/posts/${open.id}/reactions/eyes`)
    const onPrivate = await bobs.put(`/api/v1/posts/${hidden.id}/reactions/eyes`)

    assertError(assert, onPublic, 403, FORBIDDEN)
    assertError(assert, onPrivate, 404, POST_NOT_FOUND)
    assert.deepEqual(await reactionsOf(open.id), [])
    assert.deepEqual(await reactionsOf(hidden.id), [])
  })

  test('an archived channel takes no reactions or pins', async ({ assert }) => {
    const { team, alice } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'public', 'old')
    const sent = await send(alices, channelId, 'frozen')
    expectStatus(await alices.put(`/api/v1/posts/${sent.id}/reactions/tada`), 204)
    expectStatus(await alices.post(`/api/v1/channels/${channelId}/archive`), 200)

    const archived = { code: 'channel_archived', message: 'This channel is archived and read-only' }
    assertError(assert, await alices.put(`/api/v1/posts/${sent.id}/reactions/eyes`), 403, archived)
    assertError(
      assert,
      await alices.delete(`/api/v1/posts/${sent.id}/reactions/tada`),
      403,
      archived
    )
    assertError(assert, await alices.put(`/api/v1/posts/${sent.id}/pin`), 403, archived)

    assert.deepEqual(await reactionsOf(sent.id), [[alice.id, 'tada']])
    const stored = await Post.findOrFail(sent.id)
    assert.isNull(stored.pinnedAt)
  })

  test('a deleted post takes no reactions', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, 'soon gone')
    expectStatus(await alices.delete(`/api/v1/posts/${sent.id}`), 204)
    const bobs = await signIn(bob)

    const response = await bobs.put(`/api/v1/posts/${sent.id}/reactions/eyes`)

    assertError(assert, response, 409, POST_DELETED)
    assert.deepEqual(await reactionsOf(sent.id), [])
  })
})

test.group('Post actions: pins', (group) => {
  isolate(group)

  test('pinned posts are marked and listed in their channel, newest first', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const first = await send(alices, townSquare.id, 'first')
    const second = await send(alices, townSquare.id, 'second')
    const third = await send(bobs, townSquare.id, 'third')

    const pinned = await bobs.put(`/api/v1/posts/${first.id}/pin`)
    expectStatus(await alices.put(`/api/v1/posts/${third.id}/pin`), 200)
    const twice = await alices.put(`/api/v1/posts/${third.id}/pin`)

    assert.equal(pinned.status, 200)
    assert.equal(pinned.body.id, first.id)
    assert.isTrue(pinned.body.pinned)
    assert.equal(twice.status, 200)
    assert.isTrue(twice.body.pinned)
    const list = await bobs.get(`/api/v1/channels/${townSquare.id}/pins`)
    assert.equal(list.status, 200)
    assert.deepEqual(ids(list), [third.id, first.id])
    assert.isTrue(list.body.data.every((post: PostJson) => post.pinned))
    assert.isNull(list.body.next)
    const rows = await Post.query().where('channel_id', townSquare.id).whereNotNull('pinned_at')
    assert.sameMembers(
      rows.map((row) => row.id),
      [first.id, third.id]
    )
    const unpinned = await Post.findOrFail(second.id)
    assert.isNull(unpinned.pinnedAt)
  })

  test('an unpinned post leaves the channel’s pins', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const sent = await send(alices, townSquare.id, 'pin me')
    expectStatus(await alices.put(`/api/v1/posts/${sent.id}/pin`), 200)
    const bobs = await signIn(bob)

    const response = await bobs.delete(`/api/v1/posts/${sent.id}/pin`)

    assert.equal(response.status, 200)
    assert.isFalse(response.body.pinned)
    const list = await alices.get(`/api/v1/channels/${townSquare.id}/pins`)
    assert.deepEqual(list.body.data, [])
    const stored = await Post.findOrFail(sent.id)
    assert.isNull(stored.pinnedAt)
  })

  test('someone outside a public channel sees its pins but cannot pin', async ({ assert }) => {
    const { team, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'public', 'dev')
    const pinned = await send(alices, channelId, 'pinned')
    const loose = await send(alices, channelId, 'loose')
    expectStatus(await alices.put(`/api/v1/posts/${pinned.id}/pin`), 200)
    const bobs = await signIn(bob)

    const pin = await bobs.put(`/api/v1/posts/${loose.id}/pin`)
    const unpin = await bobs.delete(`/api/v1/posts/${pinned.id}/pin`)
    const list = await bobs.get(`/api/v1/channels/${channelId}/pins`)

    assertError(assert, pin, 403, FORBIDDEN)
    assertError(assert, unpin, 403, FORBIDDEN)
    assert.equal(list.status, 200)
    assert.deepEqual(ids(list), [pinned.id])
    const storedLoose = await Post.findOrFail(loose.id)
    assert.isNull(storedLoose.pinnedAt)
    const storedPinned = await Post.findOrFail(pinned.id)
    assert.isNotNull(storedPinned.pinnedAt)
  })

  test('the pins of a private channel one cannot see answer 404', async ({ assert }) => {
    const { team, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'private', 'secret')
    const sent = await send(alices, channelId, 'hidden')
    expectStatus(await alices.put(`/api/v1/posts/${sent.id}/pin`), 200)
    const bobs = await signIn(bob)

    assertError(
      assert,
      await bobs.get(`/api/v1/channels/${channelId}/pins`),
      404,
      CHANNEL_NOT_FOUND
    )
    assertError(assert, await bobs.delete(`/api/v1/posts/${sent.id}/pin`), 404, POST_NOT_FOUND)
    const stored = await Post.findOrFail(sent.id)
    assert.isNotNull(stored.pinnedAt)
  })

  test('a deleted post cannot be pinned, and deleting a pinned post unpins it', async ({
    assert,
  }) => {
    const { townSquare, alice } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const pinned = await send(alices, townSquare.id, 'pinned')
    const gone = await send(alices, townSquare.id, 'gone')
    expectStatus(await alices.put(`/api/v1/posts/${pinned.id}/pin`), 200)
    expectStatus(await alices.delete(`/api/v1/posts/${gone.id}`), 204)

    const response = await alices.put(`/api/v1/posts/${gone.id}/pin`)
    assertError(assert, response, 409, POST_DELETED)
    expectStatus(await alices.delete(`/api/v1/posts/${pinned.id}`), 204)

    const list = await alices.get(`/api/v1/channels/${townSquare.id}/pins`)
    assert.deepEqual(list.body.data, [])
    const rows = await Post.query().where('channel_id', townSquare.id).whereNotNull('pinned_at')
    assert.lengthOf(rows, 0)
  })
})

test.group('Post actions: saved posts', (group) => {
  isolate(group)

  test('saved posts are listed newest saves first', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const first = await send(alices, townSquare.id, 'first')
    const second = await send(alices, townSquare.id, 'second')
    const third = await send(alices, townSquare.id, 'third')

    for (const post of [second, first, third]) {
      expectStatus(await bobs.put(`/api/v1/posts/${post.id}/save`), 204)
    }

    const response = await bobs.get('/api/v1/users/me/saved')
    assert.equal(response.status, 200)
    assert.deepEqual(ids(response), [third.id, first.id, second.id])
    assert.isNull(response.body.next)
    assert.sameMembers(await savedBy(bob), [first.id, second.id, third.id])
    const alicesList = await alices.get('/api/v1/users/me/saved')
    assert.deepEqual(alicesList.body.data, [], 'saves are personal')
    assert.deepEqual(await savedBy(alice), [])
  })

  test('every read of a post says whether its reader saved it', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const kept = await send(alices, townSquare.id, 'kept')
    const other = await send(alices, townSquare.id, 'other')
    expectStatus(await bobs.put(`/api/v1/posts/${kept.id}/save`), 204)

    const savedIn = (response: { body: { data: { id: string; saved: boolean }[] } }) =>
      response.body.data.map((post) => [post.id, post.saved])
    const bobsHistory = await bobs.get(`/api/v1/channels/${townSquare.id}/posts`)
    assert.deepEqual(savedIn(bobsHistory), [
      [kept.id, true],
      [other.id, false],
    ])
    const alicesHistory = await alices.get(`/api/v1/channels/${townSquare.id}/posts`)
    assert.deepEqual(savedIn(alicesHistory), [
      [kept.id, false],
      [other.id, false],
    ])
    const one = await bobs.get(`/api/v1/posts/${kept.id}`)
    assert.isTrue(one.body.saved)
    const list = await bobs.get('/api/v1/users/me/saved')
    assert.deepEqual(savedIn(list), [[kept.id, true]])
  })

  test('saving a post twice keeps one save', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const sent = await send(await signIn(alice), townSquare.id, 'save me')
    const bobs = await signIn(bob)

    const first = await bobs.put(`/api/v1/posts/${sent.id}/save`)
    const second = await bobs.put(`/api/v1/posts/${sent.id}/save`)

    assert.equal(first.status, 204)
    assert.equal(second.status, 204)
    assert.deepEqual(await savedBy(bob), [sent.id])
    const list = await bobs.get('/api/v1/users/me/saved')
    assert.deepEqual(ids(list), [sent.id])
  })

  test('an unsaved post leaves the list', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const kept = await send(alices, townSquare.id, 'kept')
    const dropped = await send(alices, townSquare.id, 'dropped')
    const bobs = await signIn(bob)
    expectStatus(await bobs.put(`/api/v1/posts/${kept.id}/save`), 204)
    expectStatus(await bobs.put(`/api/v1/posts/${dropped.id}/save`), 204)

    const response = await bobs.delete(`/api/v1/posts/${dropped.id}/save`)

    assert.equal(response.status, 204)
    const list = await bobs.get('/api/v1/users/me/saved')
    assert.deepEqual(ids(list), [kept.id])
    assert.deepEqual(await savedBy(bob), [kept.id])
  })

  test('a saved post of a channel the user left drops out of the list', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const channelId = await createChannel(alices, team, 'public', 'dev', [bob])
    const stays = await send(alices, townSquare.id, 'in town-square')
    const leaves = await send(alices, channelId, 'in dev')
    expectStatus(await bobs.put(`/api/v1/posts/${stays.id}/save`), 204)
    expectStatus(await bobs.put(`/api/v1/posts/${leaves.id}/save`), 204)

    expectStatus(await bobs.delete(`/api/v1/channels/${channelId}/members/me`), 204)

    const list = await bobs.get('/api/v1/users/me/saved')
    assert.equal(list.status, 200)
    assert.deepEqual(ids(list), [stays.id])
    const membership = await db
      .from('channel_members')
      .where({ channel_id: channelId, user_id: bob.id })
      .first()
    assert.isNull(membership ?? null)
  })

  test('a post of a private channel one cannot see cannot be saved', async ({ assert }) => {
    const { team, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'private', 'secret')
    const sent = await send(alices, channelId, 'hidden')
    const bobs = await signIn(bob)

    const response = await bobs.put(`/api/v1/posts/${sent.id}/save`)

    assertError(assert, response, 404, POST_NOT_FOUND)
    assert.deepEqual(await savedBy(bob), [])
  })
})

test.group('Post actions: authentication', (group) => {
  isolate(group)

  test('reactions, pins and saves need a signed-in user', async ({ assert }) => {
    const { townSquare, alice } = await teamCast({ carol: true })
    const sent = await send(await signIn(alice), townSquare.id, 'hello')
    const anonymous = new WebClient()

    const responses = [
      await anonymous.put(`/api/v1/posts/${sent.id}/reactions/tada`),
      await anonymous.delete(`/api/v1/posts/${sent.id}/reactions/tada`),
      await anonymous.put(`/api/v1/posts/${sent.id}/pin`),
      await anonymous.delete(`/api/v1/posts/${sent.id}/pin`),
      await anonymous.get(`/api/v1/channels/${townSquare.id}/pins`),
      await anonymous.put(`/api/v1/posts/${sent.id}/save`),
      await anonymous.delete(`/api/v1/posts/${sent.id}/save`),
      await anonymous.get('/api/v1/users/me/saved'),
    ]

    for (const response of responses) assertError(assert, response, 401, UNAUTHENTICATED)
    assert.deepEqual(await reactionsOf(sent.id), [])
    const stored = await Post.findOrFail(sent.id)
    assert.isNull(stored.pinnedAt)
    const saves = await db.from('saved_posts').where('post_id', sent.id)
    assert.lengthOf(saves, 0)
  })
})

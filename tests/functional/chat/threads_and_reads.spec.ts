import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type Team from '#app/models/team'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import ChannelMember from '#chat/models/channel_member'
import Post from '#chat/models/post'
import ThreadFollow from '#chat/models/thread_follow'
import type { PostJson } from '#chat/transformers/post_transformer'
import { UserFactory } from '#database/factories/user_factory'
import { WebClient, expectStatus } from '#tests/helpers/web_client'
import {
  FORBIDDEN,
  POST_NOT_FOUND,
  TEAM_NOT_FOUND,
  UNAUTHENTICATED,
  assertError,
} from '#tests/helpers/assertions'
import { isolate, signIn } from '#tests/helpers/auth'
import { createChannel, ids, send, teamCast } from '#tests/helpers/chat'

type FollowedThread = {
  root: PostJson
  lastReadSeq: number
  unreadReplies: number
  mentions: number
}

/** The caller's followed threads in a team: `[rootId, unreadReplies, mentions]` each. */
async function threadsOf(client: WebClient, team: Team) {
  const response = expectStatus(await client.get(`/api/v1/teams/${team.id}/threads`), 200)
  return response.body.data.map((entry: FollowedThread) => [
    entry.root.id,
    entry.unreadReplies,
    entry.mentions,
  ])
}

/** One channel of the caller's sidebar: its counts and read point. */
async function sidebarEntry(client: WebClient, team: Team, channelId: string) {
  const response = expectStatus(await client.get(`/api/v1/teams/${team.id}/channels`), 200)
  const entry = response.body.data.find((channel: { id: string }) => channel.id === channelId)
  if (!entry) throw new Error(`channel ${channelId} is not in the sidebar`)
  return {
    unreadCount: entry.unreadCount as number,
    mentionCount: entry.mentionCount as number,
    lastReadSeq: entry.membership.lastReadSeq as number,
  }
}

async function storedReadSeq(channelId: string, user: User) {
  const member = await ChannelMember.query()
    .where({ channel_id: channelId, user_id: user.id })
    .firstOrFail()
  return member.lastReadSeq
}

function followOf(rootId: string, user: User) {
  return ThreadFollow.query().where({ root_id: rootId, user_id: user.id }).first()
}

test.group('Threads: reading', (group) => {
  isolate(group)

  test('a thread answers its root and its replies in order, and nothing else', async ({
    assert,
  }) => {
    const { townSquare, admin, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const root = await send(alices, townSquare.id, 'root')
    const other = await send(alices, townSquare.id, 'another root')
    const first = await send(await signIn(bob), townSquare.id, 'first', root.id)
    await send(alices, townSquare.id, 'elsewhere', other.id)
    const second = await send(alices, townSquare.id, 'second', root.id)
    const third = await send(await signIn(admin), townSquare.id, 'third', root.id)

    const response = await alices.get(`/api/v1/posts/${root.id}/thread`)

    assert.equal(response.status, 200)
    assert.equal(response.body.root.id, root.id)
    assert.equal(response.body.root.replyCount, 3)
    assert.deepEqual(ids(response), [first.id, second.id, third.id])
    assert.deepEqual(
      response.body.data.map((reply: PostJson) => reply.message),
      ['first', 'second', 'third']
    )
    assert.isNull(response.body.next)
    const replies = await Post.query().where('root_id', root.id)
    assert.lengthOf(replies, 3)
  })

  test('any reply of a thread names the whole thread', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const root = await send(alices, townSquare.id, 'root')
    const first = await send(await signIn(bob), townSquare.id, 'first', root.id)
    const second = await send(alices, townSquare.id, 'second', root.id)

    const response = await alices.get(`/api/v1/posts/${second.id}/thread`)

    assert.equal(response.status, 200)
    assert.equal(response.body.root.id, root.id)
    assert.deepEqual(ids(response), [first.id, second.id])
  })

  test('pages of two walk every reply of a thread exactly once', async ({ assert }) => {
    const { townSquare, alice } = await teamCast({ carol: true })
    const client = await signIn(alice)
    const root = await send(client, townSquare.id, 'root')
    const replies: string[] = []
    for (const message of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      const reply = await send(client, townSquare.id, message, root.id)
      replies.push(reply.id)
    }
    const [r1, r2, r3, r4, r5] = replies
    const path = `/api/v1/posts/${root.id}/thread?limit=2`

    const pages: string[][] = []
    let response = await client.get(path)
    while (true) {
      assert.equal(response.status, 200)
      assert.equal(response.body.root.id, root.id)
      pages.push(ids(response))
      if (response.body.next === null) break
      assert.isBelow(pages.length, 10, 'pagination never ends')
      response = await client.get(`${path}&after=${response.body.next}`)
    }

    assert.deepEqual(pages, [[r1, r2], [r3, r4], [r5]])
  })

  test('the thread of a post one cannot see answers 404', async ({ assert }) => {
    const { team, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const response = await alices.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'private',
      name: 'secret',
      displayName: 'Secret',
    })
    const root = await send(alices, response.body.id, 'hidden')
    const bobs = await signIn(bob)

    const thread = await bobs.get(`/api/v1/posts/${root.id}/thread`)

    assertError(assert, thread, 404, POST_NOT_FOUND)
  })
})

test.group('Threads: the followed list', (group) => {
  isolate(group)

  test('the root’s author, its repliers and the people mentioned follow a thread', async ({
    assert,
  }) => {
    const { team, townSquare, admin, alice, bob, carol } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const root = await send(alices, townSquare.id, 'root')

    await send(bobs, townSquare.id, `what do you think, @${carol.username}?`, root.id)

    for (const user of [alice, bob, carol]) {
      const threads = await threadsOf(await signIn(user), team)
      assert.deepEqual(
        threads.map((thread: unknown[]) => thread[0]),
        [root.id],
        user.username
      )
    }
    assert.deepEqual(await threadsOf(await signIn(admin), team), [])
    const follows = await ThreadFollow.query().where('root_id', root.id)
    assert.sameMembers(
      follows.map((follow) => follow.userId),
      [alice.id, bob.id, carol.id]
    )
    assert.isTrue(follows.every((follow) => follow.following))
  })

  test('a thread says whether the caller follows it and how far they have read', async ({
    assert,
  }) => {
    const { townSquare, alice, bob } = await teamCast()
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const root = await send(alices, townSquare.id, 'root')
    const reply = await send(alices, townSquare.id, 'first reply', root.id)

    const own = await alices.get(`/api/v1/posts/${root.id}/thread`)
    const other = await bobs.get(`/api/v1/posts/${reply.id}/thread`)
    assert.isTrue(own.body.following)
    assert.isFalse(other.body.following)
    assert.equal(other.body.lastReadSeq, 0)

    expectStatus(await bobs.put(`/api/v1/posts/${root.id}/thread/follow`), 204)
    expectStatus(await bobs.post(`/api/v1/posts/${root.id}/thread/read`), 200)
    const followed = await bobs.get(`/api/v1/posts/${root.id}/thread`)
    assert.isTrue(followed.body.following)
    assert.equal(followed.body.lastReadSeq, reply.seq)
    expectStatus(await alices.delete(`/api/v1/posts/${root.id}/thread/follow`), 204)
    const left = await alices.get(`/api/v1/posts/${root.id}/thread`)
    assert.isFalse(left.body.following)
  })

  test('followed threads come most recently replied first', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const older = await send(alices, townSquare.id, 'older')
    const newer = await send(alices, townSquare.id, 'newer')
    await send(bobs, townSquare.id, 'on older', older.id)
    await send(bobs, townSquare.id, 'on newer', newer.id)
    await send(bobs, townSquare.id, 'on older again', older.id)

    const first = await threadsOf(alices, team)
    assert.deepEqual(
      first.map((thread: unknown[]) => thread[0]),
      [older.id, newer.id]
    )

    await send(bobs, townSquare.id, 'on newer again', newer.id)
    const second = await threadsOf(alices, team)
    assert.deepEqual(
      second.map((thread: unknown[]) => thread[0]),
      [newer.id, older.id]
    )
  })

  test('each followed thread counts replies by others since the last read, and mentions', async ({
    assert,
  }) => {
    const { team, townSquare, admin, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const admins = await signIn(admin)
    const root = await send(alices, townSquare.id, 'root')
    await send(bobs, townSquare.id, 'one', root.id)
    const mention = await send(bobs, townSquare.id, `two, @${alice.username}`, root.id)
    await send(admins, townSquare.id, 'three', root.id)
    const deleted = await send(admins, townSquare.id, 'four, soon gone', root.id)
    expectStatus(await admins.delete(`/api/v1/posts/${deleted.id}`), 204)

    const response = await alices.get(`/api/v1/teams/${team.id}/threads`)

    assert.equal(response.status, 200)
    assert.lengthOf(response.body.data, 1)
    const [entry] = response.body.data
    assert.equal(entry.root.id, root.id)
    assert.equal(entry.root.replyCount, 3)
    assert.equal(entry.lastReadSeq, 0)
    assert.equal(entry.unreadReplies, 3)
    assert.equal(entry.mentions, 1)
    // bob has read up to his own last reply; only the admin's live reply is new to him.
    assert.deepEqual(await threadsOf(bobs, team), [[root.id, 1, 0]])
    const follow = await followOf(root.id, bob)
    assert.equal(follow!.lastReadSeq, mention.seq)
  })

  test('a thread of a channel the follower has left is no longer listed', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const channelId = await createChannel(alices, team, 'public', 'dev', [bob])
    const kept = await send(alices, townSquare.id, 'in town-square')
    const left = await send(alices, channelId, 'in dev')
    await send(bobs, townSquare.id, 'reply', kept.id)
    await send(bobs, channelId, 'reply', left.id)
    assert.lengthOf(await threadsOf(alices, team), 2)

    expectStatus(await alices.delete(`/api/v1/channels/${channelId}/members/me`), 204)

    assert.deepEqual(await threadsOf(alices, team), [[kept.id, 1, 0]])
    const membership = await ChannelMember.query()
      .where({ channel_id: channelId, user_id: alice.id })
      .first()
    assert.isNull(membership)
    assert.lengthOf(await threadsOf(bobs, team), 2)
  })

  test('someone outside the team cannot list its threads', async ({ assert }) => {
    const { team } = await teamCast({ carol: true })
    const outsider = await UserFactory.create()
    const outsiders = await signIn(outsider)

    const response = await outsiders.get(`/api/v1/teams/${team.id}/threads`)

    assertError(assert, response, 404, { code: 'not_found', message: 'Team not found' })
  })
})

test.group('Threads: reading and following', (group) => {
  isolate(group)

  test('marking a thread read sets its unread replies and mentions to zero', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const root = await send(alices, townSquare.id, 'root')
    await send(bobs, townSquare.id, `look @${alice.username}`, root.id)
    const last = await send(bobs, townSquare.id, 'and this', root.id)
    assert.deepEqual(await threadsOf(alices, team), [[root.id, 2, 1]])

    const response = await alices.post(`/api/v1/posts/${root.id}/thread/read`)

    assert.equal(response.status, 200)
    assert.deepEqual(response.body, { rootId: root.id, lastReadSeq: last.seq })
    assert.deepEqual(await threadsOf(alices, team), [[root.id, 0, 0]])
    const follow = await followOf(root.id, alice)
    assert.equal(follow!.lastReadSeq, last.seq)
    assert.isTrue(follow!.following)
  })

  test('a thread is marked read by its root, not by one of its replies', async ({ assert }) => {
    const { townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const root = await send(alices, townSquare.id, 'root')
    const reply = await send(await signIn(bob), townSquare.id, 'reply', root.id)

    const response = await alices.post(`/api/v1/posts/${reply.id}/thread/read`)

    assertError(assert, response, 422, { code: 'not_a_root', field: 'id' })
    const follow = await followOf(root.id, alice)
    assert.equal(follow!.lastReadSeq, 0)
  })

  test('an unfollowed thread drops out of the list, and following brings it back', async ({
    assert,
  }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const root = await send(alices, townSquare.id, 'root')
    await send(bobs, townSquare.id, 'first', root.id)

    const unfollowed = await alices.delete(`/api/v1/posts/${root.id}/thread/follow`)

    assert.equal(unfollowed.status, 204)
    assert.deepEqual(await threadsOf(alices, team), [])
    const stopped = await followOf(root.id, alice)
    assert.isFalse(stopped!.following)
    await send(bobs, townSquare.id, 'second', root.id)
    assert.deepEqual(await threadsOf(alices, team), [], 'a new reply does not re-follow')

    const followed = await alices.put(`/api/v1/posts/${root.id}/thread/follow`)

    assert.equal(followed.status, 204)
    assert.deepEqual(await threadsOf(alices, team), [[root.id, 2, 0]])
    const resumed = await followOf(root.id, alice)
    assert.isTrue(resumed!.following)
  })

  test('a member who never took part may follow a thread', async ({ assert }) => {
    const { team, townSquare, admin, alice, bob } = await teamCast({ carol: true })
    const root = await send(await signIn(alice), townSquare.id, 'root')
    await send(await signIn(bob), townSquare.id, 'reply', root.id)
    const admins = await signIn(admin)
    assert.deepEqual(await threadsOf(admins, team), [])

    const response = await admins.put(`/api/v1/posts/${root.id}/thread/follow`)

    assert.equal(response.status, 204)
    assert.deepEqual(await threadsOf(admins, team), [[root.id, 1, 0]])
    const follow = await followOf(root.id, admin)
    assert.isTrue(follow!.following)
  })

  test('someone outside a public channel can neither follow nor mark read its threads', async ({
    assert,
  }) => {
    const { team, alice, bob, carol } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'public', 'dev', [bob])
    const root = await send(alices, channelId, 'root')
    await send(await signIn(bob), channelId, 'reply', root.id)
    const carols = await signIn(carol)

    assertError(assert, await carols.put(`/api/v1/posts/${root.id}/thread/follow`), 403, FORBIDDEN)
    assertError(assert, await carols.post(`/api/v1/posts/${root.id}/thread/read`), 403, FORBIDDEN)

    assert.isNull(await followOf(root.id, carol))
  })

  test('marking all threads of a team read moves every followed thread with new replies to its last one, and tells the other sessions', async ({
    assert,
  }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const dev = await createChannel(bobs, team, 'public', 'dev', [alice])
    const first = await send(alices, townSquare.id, 'first root')
    await send(bobs, townSquare.id, `see @${alice.username}`, first.id)
    const second = await send(bobs, dev, `second root @${alice.username}`)
    await send(alices, dev, 'me too', second.id)
    const secondLast = await send(bobs, dev, 'and more', second.id)
    const firstLast = await send(bobs, townSquare.id, 'last word', first.id)
    const quiet = await send(alices, townSquare.id, 'no replies unread')
    await send(bobs, townSquare.id, 'read already', quiet.id)
    expectStatus(await alices.post(`/api/v1/posts/${quiet.id}/thread/read`), 200)
    const other = await teamCast()
    await new TeamService().addMember(other.team, alice, 'member')
    const elsewhere = await send(alices, other.townSquare.id, 'other team root')
    await send(await signIn(other.alice), other.townSquare.id, 'reply', elsewhere.id)
    const events = `/api/v1/events?stream=users/${alice.id}&limit=100&after=`
    const before = expectStatus(await alices.get(`${events}0`), 200)
    assert.isNull(before.body.next)

    const response = await alices.post(`/api/v1/teams/${team.id}/threads/read`)

    assert.equal(response.status, 200)
    assert.sameDeepMembers(response.body.data, [
      { channelId: townSquare.id, rootId: first.id, lastReadSeq: firstLast.seq },
      { channelId: dev, rootId: second.id, lastReadSeq: secondLast.seq },
    ])
    assert.sameDeepMembers(await threadsOf(alices, team), [
      [first.id, 0, 0],
      [second.id, 0, 0],
      [quiet.id, 0, 0],
    ])
    assert.deepEqual(await threadsOf(alices, other.team), [[elsewhere.id, 1, 0]])
    const after = await alices.get(`${events}${before.body.data.at(-1)?.seq ?? 0}`)
    const reads = after.body.data.filter((event: { type: string }) => event.type === 'thread.read')
    assert.sameDeepMembers(
      reads.map((event: { data: unknown }) => event.data),
      response.body.data
    )
    const again = await alices.post(`/api/v1/teams/${team.id}/threads/read`)
    assert.deepEqual(again.body, { data: [] })
  })

  test('marking all threads read needs a team the caller is in', async ({ assert }) => {
    const { team } = await teamCast()
    const outsider = await signIn(await UserFactory.create())

    const response = await outsider.post(`/api/v1/teams/${team.id}/threads/read`)

    assertError(assert, response, 404, TEAM_NOT_FOUND)
  })
})

test.group('Read state: channels', (group) => {
  isolate(group)

  test('marking a channel read clears its unread and mention counts', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    await send(alices, townSquare.id, 'one')
    await send(alices, townSquare.id, `two, @${bob.username}`)
    const last = await send(alices, townSquare.id, 'three')
    const before = await sidebarEntry(bobs, team, townSquare.id)
    assert.deepInclude(before, { unreadCount: 3, mentionCount: 1, lastReadSeq: 0 })

    const response = await bobs.post(`/api/v1/channels/${townSquare.id}/read`, {})

    assert.equal(response.status, 200)
    assert.equal(response.body.lastReadSeq, last.seq)
    assert.equal(response.body.role, 'member')
    const after = await sidebarEntry(bobs, team, townSquare.id)
    assert.deepEqual(after, { unreadCount: 0, mentionCount: 0, lastReadSeq: last.seq })
    assert.equal(await storedReadSeq(townSquare.id, bob), last.seq)
  })

  test('reading up to a seq leaves later posts unread, and the read point never goes back', async ({
    assert,
  }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const first = await send(alices, townSquare.id, 'one')
    const second = await send(alices, townSquare.id, 'two')
    const third = await send(alices, townSquare.id, 'three')
    const path = `/api/v1/channels/${townSquare.id}/read`

    const partial = await bobs.post(path, { seq: second.seq })
    assert.equal(partial.body.lastReadSeq, second.seq)
    assert.deepInclude(await sidebarEntry(bobs, team, townSquare.id), { unreadCount: 1 })

    const backwards = await bobs.post(path, { seq: first.seq })
    assert.equal(backwards.status, 200)
    assert.equal(backwards.body.lastReadSeq, second.seq)
    assert.equal(await storedReadSeq(townSquare.id, bob), second.seq)

    const beyond = await bobs.post(path, { seq: third.seq + 1000 })
    assert.equal(beyond.body.lastReadSeq, third.seq, 'capped at the newest seq')
    const zero = await bobs.post(path, { seq: 0 })
    assert.equal(zero.body.lastReadSeq, third.seq)
    assert.equal(await storedReadSeq(townSquare.id, bob), third.seq)
    assert.deepInclude(await sidebarEntry(bobs, team, townSquare.id), { unreadCount: 0 })

    const negative = await bobs.post(path, { seq: -1 })
    assertError(assert, negative, 422, { code: 'min', field: 'seq' })
    assert.equal(await storedReadSeq(townSquare.id, bob), third.seq)
  })

  test('marking a post unread makes the channel unread from that post on', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    await send(alices, townSquare.id, 'one')
    const second = await send(alices, townSquare.id, `two, @${bob.username}`)
    await send(alices, townSquare.id, 'three')
    expectStatus(await bobs.post(`/api/v1/channels/${townSquare.id}/read`, {}), 200)

    const response = await bobs.post(`/api/v1/posts/${second.id}/unread`)

    assert.equal(response.status, 200)
    assert.equal(response.body.lastReadSeq, second.seq - 1)
    assert.deepEqual(await sidebarEntry(bobs, team, townSquare.id), {
      unreadCount: 2,
      mentionCount: 1,
      lastReadSeq: second.seq - 1,
    })
    assert.equal(await storedReadSeq(townSquare.id, bob), second.seq - 1)
    // Bob's other tabs and devices hear that the read point went back, not forward.
    const events = await bobs.get(`/api/v1/events?stream=users/${bob.id}&after=0`)
    const reads = events.body.data.filter(
      (event: { type: string }) => event.type === 'channel.read'
    )
    assert.deepEqual(
      reads.map((event: { data: unknown }) => event.data),
      [
        { channelId: townSquare.id, lastReadSeq: reads[0].data.lastReadSeq },
        { channelId: townSquare.id, lastReadSeq: second.seq - 1, unread: true },
      ]
    )
  })

  test('marking a reply unread makes its thread unread from that reply on', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    const root = await send(alices, townSquare.id, 'root')
    await send(bobs, townSquare.id, 'first', root.id)
    const second = await send(bobs, townSquare.id, 'second', root.id)
    expectStatus(await alices.post(`/api/v1/posts/${root.id}/thread/read`), 200)
    expectStatus(await alices.post(`/api/v1/channels/${townSquare.id}/read`, {}), 200)
    const channelReadSeq = await storedReadSeq(townSquare.id, alice)

    const response = await alices.post(`/api/v1/posts/${second.id}/unread`)

    assert.equal(response.status, 200)
    assert.deepEqual(response.body, { rootId: root.id, lastReadSeq: second.seq - 1 })
    assert.deepEqual(await threadsOf(alices, team), [[root.id, 1, 0]])
    const follow = await followOf(root.id, alice)
    assert.equal(follow!.lastReadSeq, second.seq - 1)
    assert.equal(await storedReadSeq(townSquare.id, alice), channelReadSeq)
  })

  test('unread counts leave out the reader’s own posts, deleted posts and replies', async ({
    assert,
  }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    await send(bobs, townSquare.id, 'mine')
    const kept = await send(alices, townSquare.id, 'kept')
    const gone = await send(alices, townSquare.id, 'gone')
    expectStatus(await alices.delete(`/api/v1/posts/${gone.id}`), 204)
    await send(alices, townSquare.id, 'a reply', kept.id)

    const entry = await sidebarEntry(bobs, team, townSquare.id)

    assert.equal(entry.unreadCount, 1)
    assert.equal(entry.lastReadSeq, 0)
    const rows = await Post.query().where('channel_id', townSquare.id)
    assert.lengthOf(rows, 4)
  })

  test('mention counts take @username and @channel posts after the read point', async ({
    assert,
  }) => {
    const { team, townSquare, admin, alice, bob } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const bobs = await signIn(bob)
    await send(alices, townSquare.id, `already read, @${bob.username}`)
    expectStatus(await bobs.post(`/api/v1/channels/${townSquare.id}/read`, {}), 200)
    await send(alices, townSquare.id, '@channel standup')
    await send(alices, townSquare.id, `again, @${bob.username}`)
    const plain = await send(alices, townSquare.id, `only @${admin.username}`)
    await send(alices, townSquare.id, `in a thread, @${bob.username}`, plain.id)
    const gone = await send(alices, townSquare.id, `deleted, @${bob.username}`)
    expectStatus(await alices.delete(`/api/v1/posts/${gone.id}`), 204)

    const entry = await sidebarEntry(bobs, team, townSquare.id)

    assert.equal(entry.mentionCount, 2)
    assert.equal(entry.unreadCount, 3)
    const admins = await sidebarEntry(await signIn(admin), team, townSquare.id)
    assert.equal(admins.mentionCount, 2, '@channel and @admin')
    const named = await db.from('post_mentions').where('user_id', bob.id)
    assert.lengthOf(named, 3, 'the mention in the deleted post is gone')
  })

  test('someone outside a public channel cannot mark it read', async ({ assert }) => {
    const { team, alice, bob } = await teamCast({ carol: true })
    const channelId = await createChannel(await signIn(alice), team, 'public', 'dev')
    const bobs = await signIn(bob)

    const response = await bobs.post(`/api/v1/channels/${channelId}/read`, {})

    assertError(assert, response, 403, { code: 'not_member', message: 'Join the channel first' })
    const membership = await ChannelMember.query()
      .where({ channel_id: channelId, user_id: bob.id })
      .first()
    assert.isNull(membership)
  })
  test('someone outside a public channel cannot mark its posts or replies unread', async ({
    assert,
  }) => {
    const { team, alice, bob, carol } = await teamCast({ carol: true })
    const alices = await signIn(alice)
    const channelId = await createChannel(alices, team, 'public', 'dev', [bob])
    const root = await send(alices, channelId, 'root')
    const reply = await send(await signIn(bob), channelId, 'reply', root.id)
    const carols = await signIn(carol)

    for (const post of [root, reply]) {
      const response = await carols.post(`/api/v1/posts/${post.id}/unread`)
      assertError(assert, response, 403, {
        code: 'not_member',
        message: 'Join the channel first',
      })
    }

    const membership = await ChannelMember.query()
      .where({ channel_id: channelId, user_id: carol.id })
      .first()
    assert.isNull(membership)
    assert.isNull(await followOf(root.id, carol))
  })
})

test.group('Threads and read state: authentication', (group) => {
  isolate(group)

  test('thread and read-state routes need a signed-in user', async ({ assert }) => {
    const { team, townSquare, alice, bob } = await teamCast({ carol: true })
    const root = await send(await signIn(alice), townSquare.id, 'root')
    await send(await signIn(bob), townSquare.id, 'reply', root.id)
    const anonymous = new WebClient()

    const responses = [
      await anonymous.get(`/api/v1/posts/${root.id}/thread`),
      await anonymous.get(`/api/v1/teams/${team.id}/threads`),
      await anonymous.post(`/api/v1/posts/${root.id}/thread/read`),
      await anonymous.put(`/api/v1/posts/${root.id}/thread/follow`),
      await anonymous.delete(`/api/v1/posts/${root.id}/thread/follow`),
      await anonymous.post(`/api/v1/channels/${townSquare.id}/read`, {}),
      await anonymous.post(`/api/v1/posts/${root.id}/unread`),
    ]

    for (const response of responses) assertError(assert, response, 401, UNAUTHENTICATED)
    const follow = await followOf(root.id, alice)
    assert.isTrue(follow!.following)
    assert.equal(follow!.lastReadSeq, 0)
    assert.equal(await storedReadSeq(townSquare.id, alice), 0)
  })
})

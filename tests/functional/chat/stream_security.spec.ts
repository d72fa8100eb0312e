import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import TokenService from '#app/services/token_service'
import UserResetPassword from '#commands/user_reset_password'
import { closeStreamsOfEndedCredentials } from '#chat/realtime/stream_credentials'
import { FACTORY_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { rawOutput, run } from '#tests/helpers/ace'
import { assertError } from '#tests/helpers/assertions'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import {
  createChannel,
  send,
  teamWithCast,
  teamWithChannel,
  townSquareOf,
} from '#tests/helpers/chat'
import { eventually, hangUp, listen } from '#tests/helpers/realtime'
import { SseClient, type ReceivedEvent } from '#tests/helpers/sse_client'
import { WebClient, expectStatus, statusOf } from '#tests/helpers/web_client'

/** How long "nothing more arrives" is watched for. */
const QUIET_MS = 400

type Cleanup = Parameters<typeof listen>[1]

/** Waits for the first event of a type on a stream that matches. */
function arrival(
  sse: SseClient,
  stream: string,
  type: string,
  matches: (event: ReceivedEvent) => boolean = () => true
) {
  return sse.waitFor(() => sse.on(stream, type).find(matches))
}

/** Waits until the server has ended the stream, then stops the client retrying. */
async function endedByServer(sse: SseClient) {
  await eventually(() => sse.wasDropped)
  sse.close()
}

/** A token of the user with its id, and a client holding it. */
async function tokenOf(user: User) {
  const token = await new TokenService().create(user, { name: 'sse', scopes: ['read'] })
  return { id: Number(token.identifier), client: new WebClient(token.value!.release()) }
}

/** Whether a post reached a connection on a stream. */
function received(sse: SseClient, stream: string, postId: string) {
  return sse.on(stream, 'post.created').some((event) => event.data.post.id === postId)
}

test.group('Stream security: one stream per connection id', (group) => {
  isolate(group)

  test('a connection id opened again ends its older stream, which hears nothing of a channel left since', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const { channel, stream, web } = await teamWithChannel(alice, 'private', [bob, carol])
    const bobToken = await withToken(bob, ['read'])
    const older = await listen(bobToken, cleanup, stream)
    const newer = new SseClient(bobToken, older.uid)
    cleanup(() => hangUp(newer))
    await newer.connect()
    assert.equal(await newer.subscribe(`users/${bob.id}`), 204)
    const carols = await listen(await withToken(carol, ['read']), cleanup, stream)

    assert.equal(
      await statusOf(web.delete(`/api/v1/channels/${channel.id}/members/${bob.id}`)),
      204
    )
    await arrival(newer, `users/${bob.id}`, 'channel.member_removed')
    const sent = await send(web, channel.id, 'after bob left')
    await arrival(carols, stream, 'post.created', (e) => e.data.post.id === sent.id)

    assert.isTrue(await older.quietFor(QUIET_MS))
    assert.isFalse(received(older, stream, sent.id))
    await endedByServer(older)
    assert.isFalse(received(newer, stream, sent.id))
    assert.isTrue(newer.isOpen)
  })

  test('a connection id opened again leaves no stream behind once the account is deactivated', async ({
    assert,
    cleanup,
  }) => {
    const root = await UserFactory.apply('admin').create()
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream, web } = await teamWithChannel(alice, 'private', [bob])
    const bobToken = await withToken(bob, ['read'])
    const older = await listen(bobToken, cleanup, stream)
    const newer = new SseClient(bobToken, older.uid)
    cleanup(() => hangUp(newer))
    await newer.connect()
    const alices = await listen(await withToken(alice, ['read']), cleanup, stream)

    const admin = await signIn(root)
    assert.equal(await statusOf(admin.post(`/api/v1/users/${bob.id}/deactivate`)), 200)
    await eventually(() => newer.wasDropped)
    newer.close()
    const sent = await send(web, channel.id, 'bob is gone')
    await arrival(alices, stream, 'post.created', (e) => e.data.post.id === sent.id)

    assert.isTrue(await older.quietFor(QUIET_MS))
    assert.isFalse(received(older, stream, sent.id))
    await endedByServer(older)
  })
})

test.group('Stream security: streams end with their session or token', (group) => {
  isolate(group)
  rawOutput(group)

  /** Bob in alice's private channel, listening from two browsers and a token. */
  async function bobEverywhere(cleanup: Cleanup) {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream, web } = await teamWithChannel(alice, 'private', [bob])
    const firstBrowser = await signIn(bob)
    const [firstSession] = await db.from('sessions').where('user_id', bob.id).select('id')
    const secondBrowser = await signIn(bob)
    const token = await tokenOf(bob)
    return {
      bob,
      channel,
      stream,
      web,
      firstBrowser,
      firstSessionId: String(firstSession.id),
      token,
      first: await listen(firstBrowser, cleanup, stream),
      second: await listen(secondBrowser, cleanup, stream),
      script: await listen(token.client, cleanup, stream),
    }
  }

  /** Posts, and checks it reaches the open streams and not the ended ones. */
  async function assertReach(
    assert: Assert,
    cast: Awaited<ReturnType<typeof bobEverywhere>>,
    open: SseClient[],
    ended: SseClient[]
  ) {
    const sent = await send(cast.web, cast.channel.id, 'who still hears this?')
    for (const sse of open) {
      await arrival(sse, cast.stream, 'post.created', (e) => e.data.post.id === sent.id)
      assert.isTrue(sse.isOpen)
    }
    for (const sse of ended) assert.isFalse(received(sse, cast.stream, sent.id))
  }

  test("logging out ends that session's streams and no other", async ({ assert, cleanup }) => {
    const cast = await bobEverywhere(cleanup)

    assert.equal(await statusOf(cast.firstBrowser.delete('/api/v1/auth/session')), 204)

    await endedByServer(cast.first)
    await assertReach(assert, cast, [cast.second, cast.script], [cast.first])
  })

  test("changing one's password ends the streams of the other sessions, not this one's nor a token's", async ({
    assert,
    cleanup,
  }) => {
    const cast = await bobEverywhere(cleanup)

    const changed = await cast.firstBrowser.put('/api/v1/users/me/password', {
      currentPassword: FACTORY_PASSWORD,
      newPassword: 'a brand new secret',
    })
    expectStatus(changed, 204)

    await endedByServer(cast.second)
    await assertReach(assert, cast, [cast.first, cast.script], [cast.second])
  })

  test('user:reset-password ends the streams of every session, not those of tokens', async ({
    assert,
    cleanup,
  }) => {
    const cast = await bobEverywhere(cleanup)

    const command = await run(UserResetPassword, [cast.bob.username, '--password=a new secret'])
    command.assertSucceeded()

    await endedByServer(cast.first)
    await endedByServer(cast.second)
    await assertReach(assert, cast, [cast.script], [cast.first, cast.second])
  })

  test("revoking a token ends that token's streams and no other", async ({ assert, cleanup }) => {
    const cast = await bobEverywhere(cleanup)
    const other = await tokenOf(cast.bob)
    const otherScript = await listen(other.client, cleanup, cast.stream)

    const revoked = await cast.firstBrowser.delete(`/api/v1/users/me/tokens/${cast.token.id}`)
    expectStatus(revoked, 204)

    await endedByServer(cast.script)
    await assertReach(assert, cast, [cast.first, cast.second, otherScript], [cast.script])
  })

  test('the periodic check ends streams whose session was deleted or whose token expired', async ({
    assert,
    cleanup,
  }) => {
    const cast = await bobEverywhere(cleanup)
    const other = await tokenOf(cast.bob)
    const otherScript = await listen(other.client, cleanup, cast.stream)
    assert.equal(await db.from('sessions').where('id', cast.firstSessionId).delete(), 1)
    await db
      .from('auth_access_tokens')
      .where('id', cast.token.id)
      .update({ expires_at: new Date(Date.now() - 1000) })

    assert.equal(await closeStreamsOfEndedCredentials(), 2)

    await endedByServer(cast.first)
    await endedByServer(cast.script)
    await assertReach(assert, cast, [cast.second, otherScript], [cast.first, cast.script])
    assert.equal(await closeStreamsOfEndedCredentials(), 0)
  })
})

test.group('Stream security: what catch-up and team streams show', (group) => {
  isolate(group)

  test('catch-up leaves out the text of a notification once its reader cannot see the channel', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const { channel, web } = await teamWithChannel(alice, 'private', [bob, carol])
    const bobs = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)
    const carols = await listen(await withToken(carol, ['read']), cleanup, `users/${carol.id}`)
    const text = `@${bob.username} @${carol.username} the launch date is Monday`
    const sent = await send(web, channel.id, text)
    await arrival(bobs, `users/${bob.id}`, 'notification.created')
    await arrival(carols, `users/${carol.id}`, 'notification.created')
    const bobWeb = await withToken(bob, ['read'])
    const quoteFor = async (client: WebClient, user: User) => {
      const response = await client.get(`/api/v1/events?stream=users/${user.id}&after=0`)
      expectStatus(response, 200)
      const found = response.body.data.filter(
        (e: ReceivedEvent) => e.type === 'notification.created'
      )
      assert.lengthOf(found, 1)
      assert.equal(found[0].data.post.id, sent.id)
      return found[0].data.post.message as string
    }
    assert.equal(await quoteFor(bobWeb, bob), text)

    assert.equal(
      await statusOf(web.delete(`/api/v1/channels/${channel.id}/members/${bob.id}`)),
      204
    )
    const edited = await web.patch(`/api/v1/posts/${sent.id}`, { message: 'moved to Friday' })
    expectStatus(edited, 200)

    assert.equal(await quoteFor(bobWeb, bob), '')
    assert.equal(await quoteFor(await withToken(carol, ['read']), carol), 'moved to Friday')
  })

  test("a guest hears of the team's public channels only those they are in, live and in catch-up", async ({
    assert,
    cleanup,
  }) => {
    const { team, admin, member, guest } = await teamWithCast()
    const teamStream = `teams/${team.id}`
    const guests = await listen(await withToken(guest, ['read']), cleanup, teamStream)
    const members = await listen(await withToken(member, ['read']), cleanup, teamStream)
    const admins = await signIn(admin)

    const roadmap = await createChannel(admins, team, 'public', 'roadmap')
    const lobby = await createChannel(admins, team, 'public', 'lobby', [guest])
    expectStatus(await admins.patch(`/api/v1/channels/${roadmap}`, { purpose: 'Secret' }), 200)
    expectStatus(await admins.patch(`/api/v1/channels/${lobby}`, { purpose: 'Hello' }), 200)

    const isAbout = (id: string) => (e: ReceivedEvent) => e.data.channel.id === id
    await arrival(members, teamStream, 'channel.updated', isAbout(roadmap))
    await arrival(members, teamStream, 'channel.updated', isAbout(lobby))
    await arrival(guests, teamStream, 'channel.updated', isAbout(lobby))
    await arrival(guests, teamStream, 'presence.changed', (e) => e.data.userId === member.id)
    assert.isTrue(await guests.quietFor(QUIET_MS))
    const channelsHeard = (events: ReceivedEvent[]) => [
      ...new Set(events.filter((e) => e.type.startsWith('channel.')).map((e) => e.data.channel.id)),
    ]
    assert.deepEqual(channelsHeard(guests.on(teamStream)), [lobby])
    assert.sameMembers(channelsHeard(members.on(teamStream)), [roadmap, lobby])
    const townSquare = await townSquareOf(team)

    const catchUp = async (user: User) => {
      const client = await withToken(user, ['read'])
      const response = await client.get(`/api/v1/events?stream=${teamStream}&after=0`)
      return expectStatus(response, 200).body
    }
    const guestReplay = await catchUp(guest)
    const memberReplay = await catchUp(member)
    assert.deepEqual(channelsHeard(guestReplay.data), [lobby])
    assert.sameMembers(channelsHeard(memberReplay.data), [townSquare.id, roadmap, lobby])
    assert.isNull(guestReplay.next)
    assert.equal(guestReplay.latestSeq, memberReplay.latestSeq)
  })

  test('a member demoted to guest stops receiving the public channels they only watched', async ({
    assert,
    cleanup,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const admins = await signIn(admin)
    const roadmap = await createChannel(admins, team, 'public', 'roadmap')
    const townSquare = await townSquareOf(team)
    const watched = [`channels/${roadmap}`, townSquare.stream, `teams/${team.id}`]
    const members = await listen(await withToken(member, ['read']), cleanup, ...watched)

    const demoted = await admins.patch(`/api/v1/teams/${team.id}/members/${member.id}`, {
      role: 'guest',
    })
    expectStatus(demoted, 200)
    const inRoadmap = await send(admins, roadmap, 'members only')
    const inTownSquare = await send(admins, townSquare.id, 'everyone here')

    await arrival(members, townSquare.stream, 'post.created', (e) => {
      return e.data.post.id === inTownSquare.id
    })
    assert.isTrue(await members.quietFor(QUIET_MS))
    assert.isFalse(received(members, `channels/${roadmap}`, inRoadmap.id))
    assert.equal(await members.subscribe(`channels/${roadmap}`), 404)
  })
})

test.group('Stream security: rate limits', (group) => {
  isolate(group)

  test('subscribing and unsubscribing count against the API rate limit, and past it are 429s', async ({
    assert,
    cleanup,
  }) => {
    const bob = await UserFactory.create()
    await new TeamService().create(bob, 'Ops')
    const client = await withToken(bob, ['read'])
    const sse = await listen(client, cleanup)
    const remaining = (response: { headers: Headers }) =>
      Number(response.headers.get('x-ratelimit-remaining'))

    const before = remaining(expectStatus(await client.get('/api/v1/users/me'), 200))
    const subscribed = await client.post('/__transmit/subscribe', {
      uid: sse.uid,
      channel: `users/${bob.id}`,
    })
    expectStatus(subscribed, 204)
    assert.equal(remaining(subscribed), before - 1)
    const unsubscribed = await client.post('/__transmit/unsubscribe', {
      uid: sse.uid,
      channel: `users/${bob.id}`,
    })
    expectStatus(unsubscribed, 204)
    assert.equal(remaining(unsubscribed), before - 2)

    for (let left = before - 2; left > 0; left -= 50) {
      const batch = Math.min(50, left)
      await Promise.all(
        Array.from({ length: batch }, () =>
          client.post('/__transmit/unsubscribe', { uid: sse.uid, channel: `users/${bob.id}` })
        )
      )
    }
    const refused = await client.post('/__transmit/subscribe', {
      uid: sse.uid,
      channel: `users/${bob.id}`,
    })
    assertError(assert, refused, 429, { code: 'rate_limited' })
    assert.isAbove(Number(refused.headers.get('retry-after')), 0)
    const unsubscribeRefused = await client.post('/__transmit/unsubscribe', {
      uid: sse.uid,
      channel: `users/${bob.id}`,
    })
    assert.equal(unsubscribeRefused.status, 429)
  })
})

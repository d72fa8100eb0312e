import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import { UserFactory } from '#database/factories/user_factory'
import { ARCHIVED, FORBIDDEN, STREAM_NOT_FOUND, assertError } from '#tests/helpers/assertions'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import { send, teamWithChannel, townSquareOf } from '#tests/helpers/chat'
import { eventually, hangUp, listen, openSse } from '#tests/helpers/realtime'
import { SseClient, type ReceivedEvent } from '#tests/helpers/sse_client'
import { WebClient, statusOf } from '#tests/helpers/web_client'

/** How long "nothing more arrives" is watched for. */
const QUIET_MS = 400

/** Waits for the first event of a type on a stream that matches. */
function arrival(
  sse: SseClient,
  stream: string,
  type: string,
  matches: (event: ReceivedEvent) => boolean = () => true
) {
  return sse.waitFor(() => sse.on(stream, type).find(matches))
}

/** Opens a stream with a bare fetch; returns what came back and drops any stream. */
async function openStream(headers: Record<string, string> = {}, uid: string = randomUUID()) {
  const response = await fetch(`${WebClient.baseUrl()}/__transmit/events?uid=${uid}`, {
    headers: { accept: 'text/event-stream', ...headers },
  })
  const body = response.headers.get('content-type')?.includes('json')
    ? await response.json()
    : await response.body?.cancel()
  return { status: response.status, body, headers: response.headers }
}

/** One person's presence as the caller sees it; undefined when it is left out. */
async function presenceOf(client: WebClient, user: User): Promise<string | undefined> {
  const response = await client.get(`/api/v1/presence?ids=${user.id}`)
  if (response.status !== 200) {
    throw new Error(`presence: ${response.status} ${JSON.stringify(response.body)}`)
  }
  return response.body.data.find((entry: { userId: string }) => entry.userId === user.id)?.status
}

test.group('Realtime: delivery', (group) => {
  isolate(group)

  test('a post reaches a subscriber of its channel over SSE', async ({ assert, cleanup }) => {
    const alice = await UserFactory.create()
    const team = await new TeamService().create(alice, 'Ops')
    const web = await signIn(alice)
    const created = await web.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: 'dev',
      displayName: 'Dev',
    })
    const channel = created.body

    const sse = await new SseClient(await withToken(alice, ['read'])).connect()
    cleanup(() => hangUp(sse))
    assert.equal(await sse.subscribe(`channels/${channel.id}`), 204)

    const sent = await web.post(`/api/v1/channels/${channel.id}/posts`, { message: 'hello' })
    assert.equal(sent.status, 201)

    const [event] = await sse.waitFor(() => {
      const found = sse.on(`channels/${channel.id}`, 'post.created')
      return found.length > 0 && found
    })
    assert.equal(event.data.post.id, sent.body.id)
    assert.equal(event.seq, sent.body.seq)
  })

  test('an edit and a deletion reach subscribers, the deletion without its text', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream, web } = await teamWithChannel(alice, 'private', [bob])
    const sse = await listen(await withToken(bob, ['read']), cleanup, stream)

    const sent = await send(web, channel.id, 'first draft')
    const edited = await web.patch(`/api/v1/posts/${sent.id}`, { message: 'second draft' })
    assert.equal(edited.status, 200)
    const deleted = await web.delete(`/api/v1/posts/${sent.id}`)
    assert.equal(deleted.status, 204)

    const created = await arrival(sse, stream, 'post.created')
    const edit = await arrival(sse, stream, 'post.edited')
    const deletion = await arrival(sse, stream, 'post.deleted')
    assert.equal(created.data.post.message, 'first draft')
    assert.equal(edit.data.post.id, sent.id)
    assert.equal(edit.data.post.message, 'second draft')
    assert.isTrue(edit.data.post.edited)
    assert.equal(deletion.data.post.id, sent.id)
    assert.equal(deletion.data.post.message, '')
    assert.isTrue(deletion.data.post.deleted)
    assert.isBelow(created.seq!, edit.seq!)
    assert.isBelow(edit.seq!, deletion.seq!)
  })

  test('reactions added and removed reach subscribers', async ({ assert, cleanup }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream, web } = await teamWithChannel(alice, 'public', [bob])
    const sse = await listen(await withToken(alice, ['read']), cleanup, stream)
    const bobWeb = await withToken(bob)

    const sent = await send(web, channel.id, 'ship it?')
    assert.equal(await statusOf(bobWeb.put(`/api/v1/posts/${sent.id}/reactions/thumbsup`)), 204)
    assert.equal(await statusOf(bobWeb.delete(`/api/v1/posts/${sent.id}/reactions/thumbsup`)), 204)

    const added = await arrival(sse, stream, 'reaction.added')
    const removed = await arrival(sse, stream, 'reaction.removed')
    assert.deepEqual(added.data, { postId: sent.id, userId: bob.id, emoji: 'thumbsup' })
    assert.deepEqual(removed.data, { postId: sent.id, userId: bob.id, emoji: 'thumbsup' })
    assert.isBelow(sent.seq, added.seq!)
    assert.isBelow(added.seq!, removed.seq!)
  })

  test('a channel update and its archiving reach subscribers', async ({ assert, cleanup }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream, web } = await teamWithChannel(alice, 'private', [bob])
    const sse = await listen(await withToken(bob, ['read']), cleanup, stream)

    const patched = await web.patch(`/api/v1/channels/${channel.id}`, { purpose: 'Builds' })
    assert.equal(patched.status, 200)
    assert.equal(await statusOf(web.post(`/api/v1/channels/${channel.id}/archive`)), 200)

    const updated = await arrival(sse, stream, 'channel.updated')
    const archived = await arrival(sse, stream, 'channel.archived')
    assert.equal(updated.data.channel.id, channel.id)
    assert.equal(updated.data.channel.purpose, 'Builds')
    assert.isFalse(updated.data.channel.archived)
    assert.equal(archived.data.channel.id, channel.id)
    assert.isTrue(archived.data.channel.archived)
    assert.isBelow(updated.seq!, archived.seq!)
  })

  test("a mention reaches the mentioned person's own stream", async ({ assert, cleanup }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, web } = await teamWithChannel(alice, 'public', [bob])
    const mine = `users/${bob.id}`
    const sse = await listen(await withToken(bob, ['read']), cleanup, mine)

    const sent = await send(web, channel.id, `@${bob.username} can you look?`)

    const mention = await arrival(sse, mine, 'notification.created')
    assert.deepEqual(mention.data, {
      kind: 'mention',
      alert: true,
      post: {
        id: sent.id,
        channelId: channel.id,
        rootId: null,
        seq: sent.seq,
        userId: sent.userId,
        message: sent.message,
      },
      channel: {
        id: channel.id,
        teamId: channel.teamId,
        name: channel.name,
        displayName: channel.displayName,
        type: channel.type,
      },
      actor: { id: sent.userId, username: alice.username, displayName: alice.displayName },
    })
    assert.isNumber(mention.seq)
  })

  test("marking a channel read reaches the reader's other sessions", async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, web } = await teamWithChannel(alice, 'public', [bob])
    const sent = await send(web, channel.id, 'news')
    const laptop = await signIn(bob)
    const phone = await listen(await signIn(bob), cleanup, `users/${bob.id}`)

    const read = await laptop.post(`/api/v1/channels/${channel.id}/read`, {})
    assert.equal(read.status, 200)

    const event = await arrival(phone, `users/${bob.id}`, 'channel.read')
    assert.equal(event.data.channelId, channel.id)
    assert.equal(event.data.lastReadSeq, sent.seq)
    assert.isNumber(event.seq)
  })

  test('typing reaches subscribers as a signal that is never numbered nor replayed', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream } = await teamWithChannel(alice, 'public', [bob])
    const sse = await listen(await withToken(alice, ['read']), cleanup, stream)
    const bobWeb = await withToken(bob)

    const response = await bobWeb.post(`/api/v1/channels/${channel.id}/typing`, {})
    assert.equal(response.status, 204)

    const typing = await arrival(sse, stream, 'typing')
    assert.isNull(typing.seq)
    assert.equal(typing.data.userId, bob.id)
    assert.equal(typing.data.expiresInMs, 5000)
    assert.isNull(typing.data.rootId)
    const replay = await bobWeb.get(`/api/v1/events?stream=${stream}&after=0`)
    assert.equal(replay.status, 200)
    assert.notInclude(
      replay.body.data.map((event: ReceivedEvent) => event.type),
      'typing'
    )
  })

  test('typing repeated within two seconds is broadcast once per channel or thread', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream } = await teamWithChannel(alice, 'public', [bob])
    const root = await send(await withToken(alice), channel.id, 'a thread')
    const sse = await listen(await withToken(alice, ['read']), cleanup, stream)
    const bobWeb = await withToken(bob)

    for (let keystroke = 0; keystroke < 3; keystroke++) {
      assert.equal(await statusOf(bobWeb.post(`/api/v1/channels/${channel.id}/typing`, {})), 204)
    }
    await arrival(sse, stream, 'typing')
    const inThread = await bobWeb.post(`/api/v1/channels/${channel.id}/typing`, {
      rootId: root.id,
    })
    assert.equal(inThread.status, 204)
    await arrival(sse, stream, 'typing', (event) => event.data.rootId === root.id)
    assert.isTrue(await sse.quietFor(300))

    assert.deepEqual(
      sse.on(stream, 'typing').map((event) => event.data.rootId),
      [null, root.id]
    )
  })

  test('an account holds at most twenty live streams at once', async ({ assert, cleanup }) => {
    const alice = await UserFactory.create()
    const client = await withToken(alice, ['read'])
    const open: SseClient[] = []
    for (let index = 0; index < 20; index++) open.push(await openSse(client, cleanup))
    assert.isTrue(open.every((sse) => sse.isOpen))

    const response = await fetch(`${WebClient.baseUrl()}/__transmit/events?uid=${randomUUID()}`, {
      headers: { authorization: `Bearer ${client.token}` },
    })
    assert.equal(response.status, 429)
    const body = (await response.json()) as any
    assert.equal(body.errors[0].code, 'too_many_streams')

    await hangUp(open[0])
    const again = new SseClient(client)
    cleanup(() => hangUp(again))
    await again.connect()
    assert.isTrue(again.isOpen)
  })

  test('only members signal typing, and not in an archived channel', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { team, channel, stream, web } = await teamWithChannel(alice, 'public')
    await new TeamService().addMember(team, bob, 'member')
    const sse = await listen(await withToken(alice, ['read']), cleanup, stream)

    const outsider = await withToken(bob)
    assertError(
      assert,
      await outsider.post(`/api/v1/channels/${channel.id}/typing`, {}),
      403,
      FORBIDDEN
    )
    assert.equal(await statusOf(web.post(`/api/v1/channels/${channel.id}/archive`)), 200)
    await arrival(sse, stream, 'channel.archived')
    assertError(assert, await web.post(`/api/v1/channels/${channel.id}/typing`, {}), 403, ARCHIVED)
    assert.equal(await statusOf(new WebClient().post(`/api/v1/channels/${channel.id}/typing`)), 401)

    assert.isTrue(await sse.quietFor(QUIET_MS))
    assert.lengthOf(sse.on(stream, 'typing'), 0)
  })
})

test.group('Realtime: who may listen', (group) => {
  isolate(group)

  test('opening a stream without a session or token is refused with 401', async ({ assert }) => {
    const anonymous = await openStream()
    assertError(assert, anonymous, 401, { code: 'unauthenticated' })

    const forged = await openStream({ authorization: 'Bearer oat_not-a-real-token' })
    assert.equal(forged.status, 401)

    const subscribe = await new WebClient().post('/__transmit/subscribe', {
      uid: randomUUID(),
      channel: 'teams/00000000-0000-4000-8000-000000000000',
    })
    assert.equal(subscribe.status, 401)
  })

  test('a signed-in browser and a Bearer token both connect and receive events', async ({
    assert,
    cleanup,
  }) => {
    const alice = await UserFactory.create()
    const { channel, web } = await teamWithChannel(alice, 'public')
    const mine = `users/${alice.id}`
    const browser = await listen(await signIn(alice), cleanup, mine)
    const script = await listen(await withToken(alice, ['read']), cleanup, mine)
    assert.isTrue(browser.isOpen)
    assert.isTrue(script.isOpen)

    await send(web, channel.id, 'to be read')
    assert.equal(await statusOf(web.post(`/api/v1/channels/${channel.id}/read`, {})), 200)

    const seen = await arrival(browser, mine, 'channel.read')
    const alsoSeen = await arrival(script, mine, 'channel.read')
    assert.equal(seen.seq, alsoSeen.seq)
    assert.equal(seen.data.channelId, channel.id)
  })

  test('a private channel one is not in cannot be subscribed and delivers nothing', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { team, channel, stream, web } = await teamWithChannel(alice, 'private')
    await new TeamService().addMember(team, bob, 'member')
    const townSquare = await townSquareOf(team)
    const sse = await listen(await withToken(bob, ['read']), cleanup, townSquare.stream)

    assert.equal(await sse.subscribe(stream), 404)
    await send(web, channel.id, 'private matters')
    const later = await send(web, townSquare.id, 'hello everyone')

    // One connection delivers in order: what was sent before this post came before it.
    await arrival(sse, townSquare.stream, 'post.created', (e) => e.data.post.id === later.id)
    assert.lengthOf(sse.on(stream), 0)
    assert.isTrue(await sse.quietFor(QUIET_MS))
    assert.lengthOf(sse.on(stream), 0)
  })

  test("another person's stream, another team's and nonsense are all 404s", async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const { team } = await teamWithChannel(alice, 'public', [bob])
    const elsewhere = await new TeamService().create(carol, 'Elsewhere')
    const elsewhereSquare = await townSquareOf(elsewhere)
    const sse = await listen(await withToken(bob, ['read']), cleanup)
    const bobWeb = await withToken(bob)

    assert.equal(await sse.subscribe(`users/${bob.id}`), 204)
    assert.equal(await sse.subscribe(`teams/${team.id}`), 204)
    for (const stream of [
      `users/${alice.id}`,
      `teams/${elsewhere.id}`,
      elsewhereSquare.stream,
      `channels/${randomUUID()}`,
      'nonsense',
      'users/me',
      `users/${bob.id.toUpperCase()}`,
    ]) {
      const response = await bobWeb.post('/__transmit/subscribe', { uid: sse.uid, channel: stream })
      assertError(assert, response, 404, STREAM_NOT_FOUND)
    }

    const aliceWeb = await signIn(alice)
    const elsewhereWeb = await signIn(carol)
    const secret = aliceWeb.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'private',
      name: 'secret',
      displayName: 'Secret',
    })
    assert.equal(await statusOf(secret), 201)
    const news = elsewhereWeb.post(`/api/v1/teams/${elsewhere.id}/channels`, {
      type: 'public',
      name: 'news',
      displayName: 'News',
    })
    assert.equal(await statusOf(news), 201)
    await send(elsewhereWeb, elsewhereSquare.id, 'not for bob')
    assert.isTrue(await sse.quietFor(QUIET_MS))
    assert.deepEqual(sse.events, [])
  })

  test("someone else's connection can be neither subscribed nor unsubscribed nor taken", async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream, web } = await teamWithChannel(alice, 'public', [bob])
    const alices = await listen(await withToken(alice, ['read']), cleanup, stream)
    const bobWeb = await withToken(bob)

    const subscribe = await bobWeb.post('/__transmit/subscribe', {
      uid: alices.uid,
      channel: `users/${bob.id}`,
    })
    assertError(assert, subscribe, 404, { code: 'not_found', message: 'Connection not found' })
    const unsubscribe = await bobWeb.post('/__transmit/unsubscribe', {
      uid: alices.uid,
      channel: stream,
    })
    assertError(assert, unsubscribe, 404, { code: 'not_found', message: 'Connection not found' })
    const taken = await openStream({ authorization: `Bearer ${bobWeb.token}` }, alices.uid)
    assertError(assert, taken, 403, { code: 'uid_taken' })

    const sent = await send(web, channel.id, 'still mine')
    await arrival(alices, stream, 'post.created', (e) => e.data.post.id === sent.id)
    assert.isTrue(alices.isOpen)
  })
})

test.group('Realtime: leaving', (group) => {
  isolate(group)

  test('a member removed from a channel is told and stops receiving it at once', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const { channel, stream, web } = await teamWithChannel(alice, 'private', [bob, carol])
    const bobs = await listen(await withToken(bob, ['read']), cleanup, stream, `users/${bob.id}`)
    const carols = await listen(await withToken(carol, ['read']), cleanup, stream)

    const removal = await web.delete(`/api/v1/channels/${channel.id}/members/${bob.id}`)
    assert.equal(removal.status, 204)
    const told = await arrival(bobs, `users/${bob.id}`, 'channel.member_removed')
    assert.deepEqual(told.data, { channelId: channel.id, userId: bob.id })
    const countBefore = bobs.on(stream).length

    const sent = await send(web, channel.id, 'after bob left')
    await arrival(carols, stream, 'post.created', (e) => e.data.post.id === sent.id)
    assert.isTrue(await bobs.quietFor(QUIET_MS))
    assert.lengthOf(bobs.on(stream), countBefore)
    assert.notInclude(
      bobs.on(stream).map((e) => e.type),
      'post.created'
    )
    assert.equal(await bobs.subscribe(stream), 404)
  })

  test('someone removed from the team stops receiving its channels and its stream', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const { team, channel, stream, web } = await teamWithChannel(alice, 'public', [bob, carol])
    const townSquare = await townSquareOf(team)
    const watched = [stream, townSquare.stream, `teams/${team.id}`]
    const bobs = await listen(await withToken(bob, ['read']), cleanup, ...watched)
    assert.equal(await bobs.subscribe(`users/${bob.id}`), 204)
    const carols = await listen(await withToken(carol, ['read']), cleanup, ...watched)

    assert.equal(await statusOf(web.delete(`/api/v1/teams/${team.id}/members/${bob.id}`)), 204)
    await bobs.waitFor(() => bobs.on(`users/${bob.id}`, 'channel.member_removed').length === 2)
    const counts = watched.map((name) => bobs.on(name).length)

    const inChannel = await send(web, channel.id, 'after bob left')
    const inTownSquare = await send(web, townSquare.id, 'town news')
    const created = await web.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: 'later',
      displayName: 'Later',
    })
    assert.equal(created.status, 201)

    await arrival(carols, stream, 'post.created', (e) => e.data.post.id === inChannel.id)
    await arrival(carols, townSquare.stream, 'post.created', (e) => {
      return e.data.post.id === inTownSquare.id
    })
    await arrival(carols, `teams/${team.id}`, 'channel.created')
    assert.isTrue(await bobs.quietFor(QUIET_MS))
    assert.deepEqual(
      watched.map((name) => bobs.on(name).length),
      counts
    )
    for (const name of watched) assert.equal(await bobs.subscribe(name), 404)
  })

  test('someone removed from the team stops receiving public channels they only watched', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { team, channel, stream, web } = await teamWithChannel(alice, 'public')
    await new TeamService().addMember(team, bob, 'member')
    const bobs = await listen(await withToken(bob, ['read']), cleanup, stream)
    const alices = await listen(await withToken(alice, ['read']), cleanup, stream)

    assert.equal(await statusOf(web.delete(`/api/v1/teams/${team.id}/members/${bob.id}`)), 204)
    const sent = await send(web, channel.id, 'members only now')

    await arrival(alices, stream, 'post.created', (e) => e.data.post.id === sent.id)
    assert.isTrue(await bobs.quietFor(QUIET_MS))
    assert.lengthOf(bobs.on(stream, 'post.created'), 0)
    assert.equal(await bobs.subscribe(stream), 404)
  })

  test("a deactivated person's streams close at once and cannot reopen", async ({
    assert,
    cleanup,
  }) => {
    const root = await UserFactory.apply('admin').create()
    const bob = await UserFactory.create()
    await teamWithChannel(root, 'public', [bob])
    const bobToken = await withToken(bob, ['read'])
    const bobBrowser = await signIn(bob)
    const script = await listen(bobToken, cleanup, `users/${bob.id}`)
    const browser = await listen(bobBrowser, cleanup, `users/${bob.id}`)
    const admin = await signIn(root)
    assert.equal(await presenceOf(admin, bob), 'online')

    const response = await admin.post(`/api/v1/users/${bob.id}/deactivate`)
    assert.equal(response.status, 200)

    await eventually(() => !script.isOpen && !browser.isOpen, 2000)
    // Each was told why first, so an open tab can say it was deactivated.
    assert.lengthOf(browser.on(`users/${bob.id}`, 'account.deactivated'), 1)
    assert.lengthOf(script.on(`users/${bob.id}`, 'account.deactivated'), 1)
    await eventually(async () => (await presenceOf(admin, bob)) === 'offline')
    const reopened = new SseClient(bobToken)
    cleanup(() => hangUp(reopened))
    await assert.rejects(() => reopened.connect(), /SSE connection failed/)
    assert.equal(await statusOf(openStream({ authorization: `Bearer ${bobToken.token}` })), 401)
    const cookie = [...bobBrowser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    assert.equal(await statusOf(openStream({ cookie })), 401)
  })
})

test.group('Realtime: presence', (group) => {
  isolate(group)

  test('a channel tells how many people are in it, and its member list each one’s presence', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const { channel } = await teamWithChannel(alice, 'public', [bob, carol])
    const aliceWeb = await withToken(alice, ['read'])
    const bobWeb = await withToken(bob)
    await listen(bobWeb, cleanup)
    const away = await bobWeb.post('/api/v1/users/me/presence', { status: 'away' })
    assert.equal(away.status, 200)
    await listen(await withToken(carol), cleanup)

    const shown = await aliceWeb.get(`/api/v1/channels/${channel.id}`)
    const members = await aliceWeb.get(`/api/v1/channels/${channel.id}/members`)

    assert.equal(shown.status, 200)
    assert.equal(shown.body.memberCount, 3)
    assert.equal(members.status, 200)
    const statuses = Object.fromEntries(
      members.body.data.map((member: { userId: string; status: string }) => [
        member.userId,
        member.status,
      ])
    )
    assert.deepEqual(statuses, { [alice.id]: 'offline', [bob.id]: 'away', [carol.id]: 'online' })
  })

  test('presence is offline without a stream, online with one, away when one says so', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await teamWithChannel(alice, 'public', [bob])
    const aliceWeb = await withToken(alice, ['read'])
    const bobWeb = await withToken(bob)

    assert.equal(await presenceOf(aliceWeb, bob), 'offline')
    const sse = await listen(bobWeb, cleanup)
    assert.equal(await presenceOf(aliceWeb, bob), 'online')

    const away = await bobWeb.post('/api/v1/users/me/presence', { status: 'away' })
    assert.equal(away.status, 200)
    assert.deepEqual(away.body, { userId: bob.id, status: 'away' })
    assert.equal(await presenceOf(aliceWeb, bob), 'away')

    const back = await bobWeb.post('/api/v1/users/me/presence', { status: 'online' })
    assert.deepEqual(back.body, { userId: bob.id, status: 'online' })
    sse.close()
    await eventually(async () => (await presenceOf(aliceWeb, bob)) === 'offline')
  })

  test('someone online shows as dnd to their team while do-not-disturb lasts, and back when it ends', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { team, channel } = await teamWithChannel(alice, 'public', [bob])
    const teamStream = `teams/${team.id}`
    const alices = await listen(await withToken(alice, ['read']), cleanup, teamStream)
    const aliceWeb = await withToken(alice, ['read'])
    const bobWeb = await withToken(bob)
    const isBob = (status: string) => (e: ReceivedEvent) =>
      e.data.userId === bob.id && e.data.status === status

    // Offline stays offline: do-not-disturb says nothing of someone who is not there.
    const until = new Date(Date.now() + 3600_000).toISOString()
    await bobWeb.patch('/api/v1/users/me/notification-settings', { dndUntil: until })
    assert.equal(await presenceOf(aliceWeb, bob), 'offline')

    await listen(bobWeb, cleanup)
    await arrival(alices, teamStream, 'presence.changed', isBob('dnd'))
    assert.equal(await presenceOf(aliceWeb, bob), 'dnd')
    const members = await aliceWeb.get(`/api/v1/channels/${channel.id}/members`)
    const listed = members.body.data.find((m: { userId: string }) => m.userId === bob.id)
    assert.equal(listed.status, 'dnd')
    const beat = await bobWeb.post('/api/v1/users/me/presence', { status: 'online' })
    assert.deepEqual(beat.body, { userId: bob.id, status: 'dnd' })

    await bobWeb.patch('/api/v1/users/me/notification-settings', { dndUntil: null })
    await arrival(alices, teamStream, 'presence.changed', isBob('online'))
    assert.equal(await presenceOf(aliceWeb, bob), 'online')
  })

  test('presence answers for several people at once, leaving out those sharing no team', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await teamWithChannel(alice, 'public', [bob])
    await new TeamService().create(carol, 'Elsewhere')
    await listen(await withToken(bob, ['read']), cleanup)
    await listen(await withToken(carol, ['read']), cleanup)
    const aliceWeb = await withToken(alice, ['read'])

    assert.isUndefined(await presenceOf(aliceWeb, carol))
    const ids = [bob.id, alice.id, carol.id, randomUUID(), 'abc'].join(',')
    const response = await aliceWeb.get(`/api/v1/presence?ids=${ids}`)

    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.sameDeepMembers(response.body.data, [
      { userId: bob.id, status: 'online' },
      { userId: alice.id, status: 'offline' },
    ])
  })

  test('a teammate watching the team hears someone come online and go offline', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { team } = await teamWithChannel(alice, 'public', [bob])
    const teamStream = `teams/${team.id}`
    const alices = await listen(await withToken(alice, ['read']), cleanup, teamStream)
    const isBob = (e: ReceivedEvent) => e.data.userId === bob.id

    const bobs = await listen(await withToken(bob, ['read']), cleanup)
    const online = await arrival(alices, teamStream, 'presence.changed', isBob)
    assert.isNull(online.seq)
    assert.deepEqual(online.data, { userId: bob.id, status: 'online' })

    bobs.close()
    const offline = await arrival(alices, teamStream, 'presence.changed', (e) => {
      return isBob(e) && e.data.status === 'offline'
    })
    assert.isNull(offline.seq)
  })
})

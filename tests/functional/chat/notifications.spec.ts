import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { ParsedMail } from 'mailparser'
import type Team from '#app/models/team'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import { dbTimestamp } from '#app/helpers/dates'
import NotificationMailer from '#chat/services/notification_mailer'
import { UserFactory } from '#database/factories/user_factory'
import { UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import { createChannel, removeTeam, send, teamWithChannel, townSquareOf } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { hangUp, listen } from '#tests/helpers/realtime'
import { mailbox } from '#tests/helpers/smtp'
import type { ReceivedEvent, SseClient } from '#tests/helpers/sse_client'
import { WebClient, expectStatus, statusOf } from '#tests/helpers/web_client'

/** How long "nothing more arrives" is watched for. */
const QUIET_MS = 300

/** The email batch window the mailer is built with, in minutes. */
const WINDOW = 15

const SETTINGS = '/api/v1/users/me/notification-settings'
const FEED = '/api/v1/users/me/notifications'

type FeedItem = { id: number; kind: string; post: { id: string }; channel: { id: string } }

/**
 * alice's team "Ops" with a public channel `dev` (made through the API) that she and `others` more
 * people are in, and her signed-in client.
 */
async function devChannel(others = 2) {
  const [alice, ...people] = await UserFactory.createMany(others + 1)
  const { team, channel, web } = await teamWithChannel(alice, 'public', people)
  return { team, channel, alice, aliceWeb: web, people }
}

/** The notifications that have reached a user's stream over SSE so far. */
function received(sse: SseClient, user: User) {
  return sse.on(`users/${user.id}`, 'notification.created')
}

/** Waits for the first notification on a user's own stream that matches. */
function notified(
  sse: SseClient,
  user: User,
  matches: (event: ReceivedEvent) => boolean = () => true
) {
  return sse.waitFor(() => received(sse, user).find(matches))
}

/** Waits for the notification of one post on a user's own stream. */
function notifiedOf(sse: SseClient, user: User, postId: string) {
  return notified(sse, user, (event) => event.data.post.id === postId)
}

/**
 * The data of every `notification.created` in a user's stream, as catch-up replays it: what a
 * person without an open stream was sent.
 */
async function logged(user: User) {
  const client = await withToken(user, ['read'])
  const response = await client.get(`/api/v1/events?stream=users/${user.id}&after=0`)
  return expectStatus(response, 200)
    .body.data.filter((event: ReceivedEvent) => event.type === 'notification.created')
    .map((event: ReceivedEvent) => event.data)
}

/** A page of the caller's feed. */
async function feedPage(client: WebClient, query = '') {
  const response = expectStatus(await client.get(`${FEED}${query}`), 200)
  return response.body as { data: FeedItem[]; next: string | null }
}

/** The caller's whole first feed page as `[kind, postId]`, newest first. */
async function feedOf(client: WebClient, query = '') {
  const { data } = await feedPage(client, query)
  return data.map((item) => [item.kind, item.post.id])
}

/** The caller's notification settings, as the API answers them. */
async function settingsOf(client: WebClient) {
  return expectStatus(await client.get(SETTINGS), 200).body
}

/** Changes the caller's notification settings, which must succeed. */
async function setSettings(client: WebClient, change: Record<string, unknown>) {
  return expectStatus(await client.patch(SETTINGS, change), 200).body
}

/** Changes the caller's own notification level or mute in a channel, which must succeed. */
async function setChannelPreferences(
  client: WebClient,
  channelId: string,
  change: { notify?: string; muted?: boolean }
) {
  const response = await client.patch(`/api/v1/channels/${channelId}/members/me`, change)
  return expectStatus(response, 200).body
}

/** The stored notification of a post for a user, or null. */
async function storedNotification(user: User, postId: string) {
  return (
    (await db.from('notifications').where({ user_id: user.id, post_id: postId }).first()) ?? null
  )
}

/** Whether a user's notification of a post is still waiting to be emailed. */
async function emailPending(user: User, postId: string) {
  const row = await storedNotification(user, postId)
  if (!row) throw new Error(`no notification of post ${postId} for ${user.username}`)
  return Boolean(row.email_pending)
}

/** The batch mailer as the web server's scheduler runs it. */
function mailer() {
  return new NotificationMailer(WINDOW)
}

/** Waits for exactly `expected` emails at a user's address and returns them. */
async function emailsTo(user: User, expected = 1): Promise<ParsedMail[]> {
  const found = await mailbox.waitFor(() => {
    const messages = mailbox.to(user.email)
    return messages.length >= expected && messages
  })
  if (found.length !== expected) {
    throw new Error(`expected ${expected} emails, got ${found.length}`)
  }
  return found
}

/** Makes a user's batch window look as if it had started longer ago than the window. */
async function windowPassed(user: User) {
  const past = DateTime.now().minus({ minutes: WINDOW + 1 })
  await db
    .from('notification_settings')
    .where('user_id', user.id)
    .update({ email_sent_at: dbTimestamp(db.connection(), past) })
}

/** A direct (one other person) or group message that `owner` starts in a team; answers its id. */
async function conversation(owner: WebClient, team: Team, others: User[]) {
  const response = await owner.post(`/api/v1/teams/${team.id}/channels`, {
    type: others.length === 1 ? 'direct' : 'group',
    userIds: others.map((user) => user.id),
  })
  return expectStatus(response, 201).body.id as string
}

test.group('Notifications: who hears about a post', (group) => {
  isolate(group)

  test('a mentioned member gets a feed entry and an alert with the whole summary', async ({
    assert,
    cleanup,
  }) => {
    const { team, channel, alice, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const sent = await send(aliceWeb, channel.id, `@${bob.username} can you look at the build?`)

    const event = await notifiedOf(sse, bob, sent.id)
    assert.isNumber(event.seq)
    assert.deepEqual(event.data, {
      kind: 'mention',
      alert: true,
      post: {
        id: sent.id,
        channelId: channel.id,
        rootId: null,
        seq: sent.seq,
        userId: alice.id,
        message: sent.message,
      },
      channel: {
        id: channel.id,
        teamId: team.id,
        name: 'dev',
        displayName: 'Dev',
        type: 'public',
      },
      actor: { id: alice.id, username: alice.username, displayName: alice.displayName },
    })

    const bobWeb = await signIn(bob)
    const feed = await feedPage(bobWeb)
    const post = expectStatus(await bobWeb.get(`/api/v1/posts/${sent.id}`), 200).body
    assert.lengthOf(feed.data, 1)
    const [item] = feed.data as any[]
    assert.isNumber(item.id)
    assert.isNotNaN(Date.parse(item.createdAt))
    assert.deepEqual(item, {
      id: item.id,
      kind: 'mention',
      createdAt: item.createdAt,
      post,
      channel: event.data.channel,
      actor: event.data.actor,
    })
    assert.isNull(feed.next)
    assert.isTrue(await emailPending(bob, sent.id))
  })

  test('an excerpt of a long message is its first 200 characters', async ({ assert, cleanup }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)
    const message = `@${bob.username} ${'long story '.repeat(40)}`

    const sent = await send(aliceWeb, channel.id, message)

    const event = await notifiedOf(sse, bob, sent.id)
    assert.equal(event.data.post.message, message.slice(0, 200))
  })

  test('the author and someone mentioned outside the channel are not notified', async ({
    assert,
    cleanup,
  }) => {
    const { team, channel, alice, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const carol = await UserFactory.create()
    await new TeamService().addMember(team, carol, 'member')
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const sent = await send(
      aliceWeb,
      channel.id,
      `@${alice.username} @${carol.username} @${bob.username} sync?`
    )

    await notifiedOf(sse, bob, sent.id)
    assert.deepEqual(await logged(alice), [])
    assert.deepEqual(await logged(carol), [])
    assert.deepEqual(await feedOf(aliceWeb), [])
    assert.deepEqual(await feedOf(await signIn(carol)), [])
    const stored = await db.from('notifications').where('post_id', sent.id).select('user_id')
    assert.deepEqual(
      stored.map((row) => row.user_id),
      [bob.id]
    )
  })

  test('@channel and @all notify every member, except who turned channel-wide mentions off', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(3)
    const [bob, carol, dave] = people
    const bobs = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)
    const carols = await listen(await withToken(carol, ['read']), cleanup, `users/${carol.id}`)
    const daveWeb = await signIn(dave)
    await setSettings(daveWeb, { channelWide: false })

    const standup = await send(aliceWeb, channel.id, '@channel standup in five')
    const lunch = await send(aliceWeb, channel.id, 'lunch? @all')

    for (const [sse, user] of [
      [bobs, bob],
      [carols, carol],
    ] as const) {
      const first = await notifiedOf(sse, user, standup.id)
      const second = await notifiedOf(sse, user, lunch.id)
      assert.equal(first.data.kind, 'channel')
      assert.isTrue(first.data.alert)
      assert.equal(second.data.kind, 'channel')
    }
    assert.deepEqual(await feedOf(await signIn(bob)), [
      ['channel', lunch.id],
      ['channel', standup.id],
    ])
    assert.deepEqual(await logged(dave), [])
    assert.deepEqual(await feedOf(daveWeb), [])
  })

  test('someone who turned channel-wide mentions off still hears a mention by name', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    await setSettings(await signIn(bob), { channelWide: false })
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const sent = await send(aliceWeb, channel.id, `@channel and especially @${bob.username}`)

    const event = await notifiedOf(sse, bob, sent.id)
    assert.equal(event.data.kind, 'mention')
  })

  test('@here notifies only the members who are online', async ({ assert, cleanup }) => {
    const { channel, aliceWeb, people } = await devChannel(2)
    const [bob, carol] = people
    const bobs = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const sent = await send(aliceWeb, channel.id, '@here who can review?')

    const event = await notifiedOf(bobs, bob, sent.id)
    assert.equal(event.data.kind, 'channel')
    assert.isTrue(event.data.alert)
    assert.deepEqual(await logged(carol), [])
    assert.deepEqual(await feedOf(await signIn(carol)), [])
    assert.deepEqual(await feedOf(await signIn(bob)), [['channel', sent.id]])
  })

  test('a keyword notifies in any case and accents, as a whole word or phrase only', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    const settings = await setSettings(bobWeb, { keywords: ['Déploiement', 'build server'] })
    assert.deepEqual(settings.keywords, ['déploiement', 'build server'])
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const accents = await send(aliceWeb, channel.id, 'Le DEPLOIEMENT est fini.')
    await send(aliceWeb, channel.id, 'Le redéploiement est prévu demain')
    await send(aliceWeb, channel.id, 'the buildserver rack is full')
    const phrase = await send(aliceWeb, channel.id, 'is the Build  Server down?')
    const last = await send(aliceWeb, channel.id, `@${bob.username} done`)

    await notifiedOf(sse, bob, last.id)
    assert.deepEqual(
      received(sse, bob).map((event) => [event.data.kind, event.data.post.id, event.data.alert]),
      [
        ['keyword', accents.id, true],
        ['keyword', phrase.id, true],
        ['mention', last.id, true],
      ]
    )
    assert.deepEqual(await feedOf(bobWeb), [
      ['mention', last.id],
      ['keyword', phrase.id],
      ['keyword', accents.id],
    ])
  })

  test('a direct message notifies the other person, a group message every other member', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol, dave] = await UserFactory.createMany(4)
    const teams = new TeamService()
    const team = await teams.create(alice, 'Ops')
    for (const user of [bob, carol, dave]) await teams.addMember(team, user, 'member')
    const aliceWeb = await signIn(alice)
    const direct = await conversation(aliceWeb, team, [bob])
    const groupId = await conversation(aliceWeb, team, [bob, carol])
    const bobs = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)
    const carols = await listen(await withToken(carol, ['read']), cleanup, `users/${carol.id}`)

    const privately = await send(aliceWeb, direct, 'a word in private')
    const together = await send(aliceWeb, groupId, 'the three of us')

    const toBob = await notifiedOf(bobs, bob, privately.id)
    assert.equal(toBob.data.kind, 'direct')
    assert.isTrue(toBob.data.alert)
    assert.equal(toBob.data.channel.type, 'direct')
    const alsoToBob = await notifiedOf(bobs, bob, together.id)
    assert.equal(alsoToBob.data.kind, 'direct')
    const toCarol = await notifiedOf(carols, carol, together.id)
    assert.equal(toCarol.data.kind, 'direct')
    assert.equal(toCarol.data.channel.type, 'group')
    assert.isTrue(await carols.quietFor(QUIET_MS))
    assert.deepEqual(
      received(carols, carol).map((event) => event.data.post.id),
      [together.id]
    )
    assert.deepEqual(await feedOf(await signIn(bob)), [
      ['direct', together.id],
      ['direct', privately.id],
    ])
    assert.deepEqual(await logged(alice), [])
    assert.deepEqual(await logged(dave), [])
  })

  test('a reply notifies who follows the thread, until they stop following it', async ({
    assert,
    cleanup,
  }) => {
    const { channel, alice, aliceWeb, people } = await devChannel(2)
    const [bob, carol] = people
    const bobWeb = await signIn(bob)
    const carolWeb = await signIn(carol)
    const alices = await listen(await withToken(alice, ['read']), cleanup, `users/${alice.id}`)
    const bobs = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const root = await send(aliceWeb, channel.id, 'release plan for friday')
    const bobsReply = await send(bobWeb, channel.id, 'looks good', root.id)
    const toRootAuthor = await notifiedOf(alices, alice, bobsReply.id)
    assert.equal(toRootAuthor.data.kind, 'reply')
    assert.isTrue(toRootAuthor.data.alert)
    assert.equal(toRootAuthor.data.post.rootId, root.id)
    assert.isFalse(await emailPending(alice, bobsReply.id))

    const carolsReply = await send(carolWeb, channel.id, 'agreed', root.id)
    const toAlice = await notifiedOf(alices, alice, carolsReply.id)
    const toBob = await notifiedOf(bobs, bob, carolsReply.id)
    assert.equal(toAlice.data.kind, 'reply')
    assert.equal(toBob.data.kind, 'reply')

    const unfollowed = await aliceWeb.delete(`/api/v1/posts/${root.id}/thread/follow`)
    assert.equal(unfollowed.status, 204)
    const afterwards = await send(bobWeb, channel.id, 'one more thing', root.id)

    const carols = await logged(carol)
    assert.deepEqual(
      carols.map((data: any) => [data.kind, data.post.id]),
      [['reply', afterwards.id]]
    )
    assert.isTrue(await alices.quietFor(QUIET_MS))
    assert.deepEqual(
      received(alices, alice).map((event) => event.data.post.id),
      [bobsReply.id, carolsReply.id]
    )
    assert.deepEqual(await feedOf(aliceWeb, '?kind=reply'), [
      ['reply', carolsReply.id],
      ['reply', bobsReply.id],
    ])
  })

  test('a deactivated member is not notified', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    bob.deactivatedAt = DateTime.now()
    await bob.save()

    const sent = await send(aliceWeb, channel.id, `@${bob.username} are you there?`)

    assert.isNull(await storedNotification(bob, sent.id))
    assert.equal(
      await count('stream_events', { stream: `users/${bob.id}`, type: 'notification.created' }),
      0
    )
  })
})

test.group('Notifications: preferences decide the alert', (group) => {
  isolate(group)

  test('at level all every message alerts, as kind message, and the feed stays empty', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    const membership = await setChannelPreferences(bobWeb, channel.id, { notify: 'all' })
    assert.equal(membership.notify, 'all')
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const first = await send(aliceWeb, channel.id, 'deploying now')
    const second = await send(aliceWeb, channel.id, 'deployed')

    await notifiedOf(sse, bob, second.id)
    assert.deepEqual(
      received(sse, bob).map((event) => [event.data.kind, event.data.alert, event.data.post.id]),
      [
        ['message', true, first.id],
        ['message', true, second.id],
      ]
    )
    assert.deepEqual(await feedOf(bobWeb), [])
    assert.equal(await count('notifications', { user_id: bob.id }), 0)
  })

  test("a user's desktop level all applies to channels left at default", async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    await setSettings(await signIn(bob), { desktop: 'all' })
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const sent = await send(aliceWeb, channel.id, 'nothing special')

    const event = await notifiedOf(sse, bob, sent.id)
    assert.equal(event.data.kind, 'message')
    assert.isTrue(event.data.alert)
  })

  test('at level none a mention is kept in the feed without an alert or an email', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    await setChannelPreferences(bobWeb, channel.id, { notify: 'none' })
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    await send(aliceWeb, channel.id, 'chatter that nobody hears of')
    const sent = await send(aliceWeb, channel.id, `@${bob.username} quiet please`)

    const event = await notifiedOf(sse, bob, sent.id)
    assert.equal(event.data.kind, 'mention')
    assert.isFalse(event.data.alert)
    assert.lengthOf(received(sse, bob), 1)
    assert.deepEqual(await feedOf(bobWeb), [['mention', sent.id]])
    assert.isFalse(await emailPending(bob, sent.id))
  })

  test('in a muted channel a mention is in the feed without an alert or an email', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    const membership = await setChannelPreferences(bobWeb, channel.id, { muted: true })
    assert.isTrue(membership.muted)
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const sent = await send(aliceWeb, channel.id, `@${bob.username} even here?`)

    const event = await notifiedOf(sse, bob, sent.id)
    assert.equal(event.data.kind, 'mention')
    assert.isFalse(event.data.alert)
    assert.deepEqual(await feedOf(bobWeb), [['mention', sent.id]])
    assert.isFalse(await emailPending(bob, sent.id))
  })

  test('muting silences even a channel at level all', async ({ assert, cleanup }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    await setChannelPreferences(bobWeb, channel.id, { notify: 'all', muted: true })
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    await send(aliceWeb, channel.id, 'plain message')
    const sent = await send(aliceWeb, channel.id, `@${bob.username} named`)

    await notifiedOf(sse, bob, sent.id)
    assert.deepEqual(
      received(sse, bob).map((event) => [event.data.kind, event.data.alert]),
      [['mention', false]]
    )
  })

  test('during do-not-disturb a mention does not alert but stays in the feed', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    await setSettings(bobWeb, { dndUntil: DateTime.now().plus({ hours: 1 }).toISO() })
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const during = await send(aliceWeb, channel.id, `@${bob.username} sorry to bother`)
    const resting = await notifiedOf(sse, bob, during.id)
    assert.equal(resting.data.kind, 'mention')
    assert.isFalse(resting.data.alert)
    assert.deepEqual(await feedOf(bobWeb), [['mention', during.id]])

    await setSettings(bobWeb, { dndUntil: null })
    const after = await send(aliceWeb, channel.id, `@${bob.username} now then`)
    const awake = await notifiedOf(sse, bob, after.id)
    assert.isTrue(awake.data.alert)
  })

  test("desktop none silences channels at default, but a channel's own level wins", async ({
    assert,
    cleanup,
  }) => {
    const { team, channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    await setSettings(bobWeb, { desktop: 'none' })
    const loud = await createChannel(aliceWeb, team, 'public', 'loud', [bob])
    await setChannelPreferences(bobWeb, loud, { notify: 'mention' })
    const sse = await listen(await withToken(bob, ['read']), cleanup, `users/${bob.id}`)

    const quiet = await send(aliceWeb, channel.id, `@${bob.username} in dev`)
    const heard = await send(aliceWeb, loud, `@${bob.username} in loud`)

    const silent = await notifiedOf(sse, bob, quiet.id)
    assert.equal(silent.data.kind, 'mention')
    assert.isFalse(silent.data.alert)
    assert.isFalse(await emailPending(bob, quiet.id))
    const loudly = await notifiedOf(sse, bob, heard.id)
    assert.isTrue(loudly.data.alert)
    assert.deepEqual(await feedOf(bobWeb), [
      ['mention', heard.id],
      ['mention', quiet.id],
    ])
  })
})

test.group('Notifications: settings', (group) => {
  isolate(group)

  test('someone who never changed anything has the defaults', async ({ assert }) => {
    const client = await signIn(await UserFactory.create())

    const response = await client.get(SETTINGS)

    assert.equal(response.status, 200)
    assert.deepEqual(response.body, {
      desktop: 'mention',
      email: true,
      channelWide: true,
      keywords: [],
      dndUntil: null,
    })
  })

  test('settings are changed, partly or wholly, and read back as stored', async ({ assert }) => {
    const client = await signIn(await UserFactory.create())
    const until = DateTime.now().plus({ days: 2 }).set({ millisecond: 0 })

    const changed = await client.patch(SETTINGS, {
      desktop: 'all',
      email: false,
      channelWide: false,
      keywords: ['Deploy', ' Build Server ', 'deploy', '部署'],
      dndUntil: until.setZone('Europe/Paris').toISO(),
    })

    const expected = {
      desktop: 'all',
      email: false,
      channelWide: false,
      keywords: ['deploy', 'build server', '部署'],
      dndUntil: until.toUTC().toISO(),
    }
    assert.equal(changed.status, 200, JSON.stringify(changed.body))
    assert.deepEqual(changed.body, expected)
    assert.deepEqual(await settingsOf(client), expected)

    const partly = await client.patch(SETTINGS, { email: true, dndUntil: null })
    assert.deepEqual(partly.body, { ...expected, email: true, dndUntil: null })
    const cleared = await client.patch(SETTINGS, { keywords: [] })
    assert.deepEqual(cleared.body, { ...expected, email: true, dndUntil: null, keywords: [] })
    assert.deepEqual(await settingsOf(client), cleared.body)
  })

  test('twenty keywords of sixty-four characters each are accepted', async ({ assert }) => {
    const client = await signIn(await UserFactory.create())
    const keywords = Array.from({ length: 20 }, (_, index) =>
      `keyword${String(index).padStart(2, '0')}`.padEnd(64, 'x')
    )

    const response = await client.patch(SETTINGS, { keywords })

    assert.equal(response.status, 200, JSON.stringify(response.body))
    assert.deepEqual(response.body.keywords, keywords)
    const stored = await settingsOf(client)
    assert.deepEqual(stored.keywords, keywords)
  })

  test('bad settings are refused with 422 and nothing changes', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)
    const refusals: Array<[Record<string, unknown>, { code: string; field: string }]> = [
      [{ desktop: 'loud' }, { code: 'enum', field: 'desktop' }],
      [{ email: 'yes' }, { code: 'boolean', field: 'email' }],
      [{ keywords: ['two\nlines'] }, { code: 'regex', field: 'keywords.0' }],
      [{ keywords: ['@bob'] }, { code: 'regex', field: 'keywords.0' }],
      [{ keywords: ['   '] }, { code: 'minLength', field: 'keywords.0' }],
      [{ keywords: ['x'.repeat(65)] }, { code: 'maxLength', field: 'keywords.0' }],
      [{ keywords: ['deploy', 'deploy'] }, { code: 'distinct', field: 'keywords' }],
      [
        { keywords: Array.from({ length: 21 }, (_, index) => `word${index}`) },
        { code: 'array.maxLength', field: 'keywords' },
      ],
      [{ dndUntil: 'tomorrow' }, { code: 'invalid_date', field: 'dndUntil' }],
      [{ dndUntil: '2030-02-30T10:00:00Z' }, { code: 'invalid_date', field: 'dndUntil' }],
      [
        { dndUntil: DateTime.now().minus({ minutes: 1 }).toISO() },
        { code: 'out_of_range', field: 'dndUntil' },
      ],
      [
        { dndUntil: DateTime.now().plus({ years: 2 }).toISO() },
        { code: 'out_of_range', field: 'dndUntil' },
      ],
    ]

    for (const [change, error] of refusals) {
      const response = await client.patch(SETTINGS, { desktop: 'none', ...change })
      assertError(assert, response, 422, error)
    }
    const unchanged = await settingsOf(client)
    assert.equal(unchanged.desktop, 'mention')
    assert.equal(await count('notification_settings', { user_id: user.id }), 0)
  })

  test('settings and the feed need someone signed in', async ({ assert }) => {
    const anonymous = new WebClient()

    assertError(assert, await anonymous.get(SETTINGS), 401, UNAUTHENTICATED)
    assertError(assert, await anonymous.patch(SETTINGS, { desktop: 'all' }), 401, UNAUTHENTICATED)
    assertError(assert, await anonymous.get(FEED), 401, UNAUTHENTICATED)
  })

  test("a channel's level and mute are one's own to choose", async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)

    const others = await aliceWeb.patch(`/api/v1/channels/${channel.id}/members/${bob.id}`, {
      muted: true,
    })
    assertError(assert, others, 403, {
      code: 'not_self',
      message: 'People choose their own notifications',
    })
    const level = await aliceWeb.patch(`/api/v1/channels/${channel.id}/members/${bob.id}`, {
      notify: 'all',
    })
    assertError(assert, level, 403, { code: 'not_self' })
    const bad = await bobWeb.patch(`/api/v1/channels/${channel.id}/members/me`, { notify: 'loud' })
    assertError(assert, bad, 422, { code: 'enum', field: 'notify' })
    const notBoolean = await bobWeb.patch(`/api/v1/channels/${channel.id}/members/me`, {
      muted: 'yes',
    })
    assertError(assert, notBoolean, 422, { code: 'boolean', field: 'muted' })

    const mine = await bobWeb.patch(`/api/v1/channels/${channel.id}/members/${bob.id}`, {
      notify: 'none',
      muted: true,
    })
    assert.equal(mine.status, 200, JSON.stringify(mine.body))
    assert.containsSubset(mine.body, { userId: bob.id, notify: 'none', muted: true })
    const unmuted = await setChannelPreferences(bobWeb, channel.id, { muted: false })
    assert.containsSubset(unmuted, { notify: 'none', muted: false })
    const stored = await db
      .from('channel_members')
      .where({ channel_id: channel.id, user_id: bob.id })
      .first()
    assert.equal(stored.notify, 'none')
    assert.isFalse(Boolean(stored.muted))
  })
})

test.group('Notifications: the feed', (group) => {
  isolate(group)

  test('the event log keeps no copy of the text: catch-up reads it from the post, gone once deleted', async ({
    assert,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const sent = await send(aliceWeb, channel.id, `@${bob.username} the launch code is 4711`)

    const stored = await db
      .from('stream_events')
      .where({ stream: `users/${bob.id}`, type: 'notification.created' })
      .select('data', 'ref_id')
    assert.lengthOf(stored, 1)
    assert.equal(stored[0].ref_id, sent.id)
    assert.notInclude(stored[0].data, '4711')
    const [replayed] = await logged(bob)
    assert.equal(replayed.post.message, `@${bob.username} the launch code is 4711`)

    expectStatus(await aliceWeb.delete(`/api/v1/posts/${sent.id}`), 204)
    const [afterDelete] = await logged(bob)
    assert.equal(afterDelete.post.message, '')
    assert.equal(afterDelete.post.id, sent.id)
  })

  test('the feed narrows to one team and to one kind', async ({ assert }) => {
    const { team, channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const carol = await UserFactory.create()
    const elsewhere = await new TeamService().create(carol, 'Elsewhere')
    await new TeamService().addMember(elsewhere, bob, 'member')
    const carolWeb = await signIn(carol)
    const bobWeb = await signIn(bob)

    const mention = await send(aliceWeb, channel.id, `@${bob.username} first`)
    const direct = await send(aliceWeb, await conversation(aliceWeb, team, [bob]), 'psst')
    const elsewhereSquare = await townSquareOf(elsewhere)
    const away = await send(carolWeb, elsewhereSquare.id, `@${bob.username} hi`)

    assert.deepEqual(await feedOf(bobWeb), [
      ['mention', away.id],
      ['direct', direct.id],
      ['mention', mention.id],
    ])
    assert.deepEqual(await feedOf(bobWeb, `?teamId=${team.id}`), [
      ['direct', direct.id],
      ['mention', mention.id],
    ])
    assert.deepEqual(await feedOf(bobWeb, '?kind=direct'), [['direct', direct.id]])
    assert.deepEqual(await feedOf(bobWeb, `?teamId=${elsewhere.id}&kind=mention`), [
      ['mention', away.id],
    ])
    assert.deepEqual(await feedOf(bobWeb, `?teamId=${elsewhere.id}&kind=direct`), [])
  })

  test('pages of two walk five entries newest first without gaps or repeats', async ({
    assert,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    const sent = []
    for (let index = 1; index <= 5; index++) {
      sent.push(await send(aliceWeb, channel.id, `@${bob.username} number ${index}`))
    }

    const pages: string[][] = []
    let page = await feedPage(bobWeb, '?limit=2')
    pages.push(page.data.map((item) => item.post.id))
    while (page.next !== null) {
      assert.isBelow(pages.length, 5, 'pagination never ends')
      page = await feedPage(bobWeb, `?limit=2&after=${page.next}`)
      pages.push(page.data.map((item) => item.post.id))
    }

    assert.deepEqual(
      pages.map((ids) => ids.length),
      [2, 2, 1]
    )
    assert.deepEqual(pages.flat(), sent.map((post) => post.id).reverse())
  })

  test('a deleted post leaves the feed', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    const kept = await send(aliceWeb, channel.id, `@${bob.username} keep this`)
    const regretted = await send(aliceWeb, channel.id, `@${bob.username} oops`)

    assert.equal(await statusOf(aliceWeb.delete(`/api/v1/posts/${regretted.id}`)), 204)

    assert.deepEqual(await feedOf(bobWeb), [['mention', kept.id]])
    assert.isNull(await storedNotification(bob, regretted.id))
  })

  test('leaving a private channel hides its entries', async ({ assert }) => {
    const { team, channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await signIn(bob)
    const secret = await createChannel(aliceWeb, team, 'private', 'secret', [bob])
    const open = await send(aliceWeb, channel.id, `@${bob.username} in the open`)
    const hidden = await send(aliceWeb, secret, `@${bob.username} between us`)
    assert.deepEqual(await feedOf(bobWeb), [
      ['mention', hidden.id],
      ['mention', open.id],
    ])

    assert.equal(await statusOf(bobWeb.delete(`/api/v1/channels/${secret}/members/me`)), 204)

    assert.deepEqual(await feedOf(bobWeb), [['mention', open.id]])
    assert.deepEqual(await feedOf(bobWeb, `?teamId=${team.id}&kind=mention`), [
      ['mention', open.id],
    ])
  })

  test('a bad kind, team or limit is refused with 422', async ({ assert }) => {
    const client = await signIn(await UserFactory.create())

    assertError(assert, await client.get(`${FEED}?kind=message`), 422, {
      code: 'enum',
      field: 'kind',
    })
    assertError(assert, await client.get(`${FEED}?teamId=ops`), 422, {
      code: 'uuid',
      field: 'teamId',
    })
    assertError(assert, await client.get(`${FEED}?limit=0`), 422, { code: 'range', field: 'limit' })
    assertError(assert, await client.get(`${FEED}?after=not-a-cursor`), 422, {
      code: 'invalid_cursor',
      field: 'after',
    })
  })
})

test.group('Notifications: email', (group) => {
  isolate(group)

  test('a mention of someone offline is emailed once, with its text in both bodies', async ({
    assert,
  }) => {
    const { team, channel, alice, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const sent = await send(aliceWeb, channel.id, `@${bob.username} is the <b>build</b> & test ok?`)

    const sentEmails = await mailer().runOnce()

    assert.equal(sentEmails, 1)
    const [email] = await emailsTo(bob)
    assert.equal(email.subject, `@${alice.username} mentioned you in ~dev`)
    assert.include(email.text, `@${bob.username} is the <b>build</b> & test ok?`)
    assert.include(email.text, `/teams/${team.id}/channels/${channel.id}?post=${sent.id}`)
    const html = email.html as string
    assert.include(html, `@${bob.username} is the &#60;b&#62;build&#60;/b&#62; &#38; test ok?`)
    assert.notInclude(html, '<b>build</b>')
    assert.include(html, `?post=${sent.id}`)
    assert.isFalse(await emailPending(bob, sent.id))
  })

  test('mentions made before a round go out together in one email', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    await send(aliceWeb, channel.id, `@${bob.username} first question`)
    await send(aliceWeb, channel.id, `second question, @${bob.username}`)

    await mailer().runOnce()

    const [email] = await emailsTo(bob)
    assert.equal(email.subject, '2 new mentions and messages in Hearth')
    for (const body of [email.text!, email.html as string]) {
      assert.include(body, 'first question')
      assert.include(body, 'second question')
    }
  })

  test('within the batch window nothing more is sent; later mentions wait for it', async ({
    assert,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    await send(aliceWeb, channel.id, `@${bob.username} before`)
    await mailer().runOnce()
    await emailsTo(bob)

    assert.equal(await mailer().runOnce(), 0)
    const later = await send(aliceWeb, channel.id, `@${bob.username} after`)
    assert.equal(await mailer().runOnce(), 0)
    assert.lengthOf(mailbox.to(bob.email), 1)
    assert.isTrue(await emailPending(bob, later.id))

    await windowPassed(bob)
    assert.equal(await mailer().runOnce(), 1)
    const [, second] = await emailsTo(bob, 2)
    assert.include(second.text, 'after')
    assert.notInclude(second.text, 'before')
    assert.isFalse(await emailPending(bob, later.id))
  })

  test('someone online gets no email, and gets it once they are gone', async ({
    assert,
    cleanup,
  }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const sse = await listen(await withToken(bob, ['read']), cleanup)
    const sent = await send(aliceWeb, channel.id, `@${bob.username} while you are here`)

    await mailer().runOnce()
    assert.deepEqual(mailbox.to(bob.email), [])
    assert.isTrue(await emailPending(bob, sent.id))

    await hangUp(sse)
    await mailer().runOnce()
    const [email] = await emailsTo(bob)
    assert.include(email.text, 'while you are here')
  })

  test('someone who said they are away is emailed', async ({ assert, cleanup }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const bobWeb = await withToken(bob)
    await listen(bobWeb, cleanup)
    const away = await bobWeb.post('/api/v1/users/me/presence', { status: 'away' })
    assert.equal(away.status, 200)
    await send(aliceWeb, channel.id, `@${bob.username} when you are back`)

    await mailer().runOnce()

    const [email] = await emailsTo(bob)
    assert.include(email.text, 'when you are back')
  })

  test('a mention read before the round is not emailed', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const sent = await send(aliceWeb, channel.id, `@${bob.username} seen already`)
    const bobWeb = await signIn(bob)
    const read = await bobWeb.post(`/api/v1/channels/${channel.id}/read`, {})
    assert.equal(read.status, 200)

    assert.equal(await mailer().runOnce(), 0)

    assert.deepEqual(mailbox.to(bob.email), [])
    assert.isFalse(await emailPending(bob, sent.id))
  })

  test('a mention in a thread is emailed unless the thread itself was read', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(2)
    const [bob, carol] = people
    const bobWeb = await signIn(bob)
    const carolWeb = await signIn(carol)
    const root = await send(aliceWeb, channel.id, 'release notes')
    const toBob = await send(aliceWeb, channel.id, `@${bob.username} check these`, root.id)
    const toCarol = await send(aliceWeb, channel.id, `@${carol.username} and these`, root.id)
    expectStatus(await bobWeb.post(`/api/v1/posts/${root.id}/thread/read`), 200)
    expectStatus(await carolWeb.post(`/api/v1/channels/${channel.id}/read`, {}), 200)

    assert.equal(await mailer().runOnce(), 1)

    assert.deepEqual(mailbox.to(bob.email), [])
    assert.isFalse(await emailPending(bob, toBob.id))
    const [email] = await emailsTo(carol)
    assert.include(email.text, 'and these')
    assert.isFalse(await emailPending(carol, toCarol.id))
  })

  test('a mention in a channel one has left since is not emailed', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    await send(aliceWeb, channel.id, `@${bob.username} before you go`)
    const bobWeb = await signIn(bob)
    const left = await bobWeb.delete(`/api/v1/channels/${channel.id}/members/me`)
    assert.equal(left.status, 204)

    assert.equal(await mailer().runOnce(), 0)

    assert.deepEqual(mailbox.to(bob.email), [])
  })

  test('a long message is cut to 300 characters, never inside an emoji', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const start = `@${bob.username} `
    const kept = `${start}${'x'.repeat(299 - start.length)}`
    await send(aliceWeb, channel.id, `${kept}🎉 and then some more`)

    await mailer().runOnce()

    const [email] = await emailsTo(bob)
    for (const body of [email.text!, email.html as string]) {
      assert.include(body, `${kept}…`)
      assert.notInclude(body, '\uFFFD')
      assert.notInclude(body, 'then some more')
    }
  })

  test('a deleted mention is not emailed', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    const sent = await send(aliceWeb, channel.id, `@${bob.username} never mind`)
    assert.equal(await statusOf(aliceWeb.delete(`/api/v1/posts/${sent.id}`)), 204)

    assert.equal(await mailer().runOnce(), 0)

    assert.deepEqual(mailbox.to(bob.email), [])
  })

  test('someone who turned email off is not emailed', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(2)
    const [bob, carol] = people
    await setSettings(await signIn(bob), { email: false })
    const before = await send(aliceWeb, channel.id, `@${bob.username} @${carol.username} hello`)
    assert.isFalse(await emailPending(bob, before.id))
    assert.isTrue(await emailPending(carol, before.id))
    await setSettings(await signIn(carol), { email: false })

    assert.equal(await mailer().runOnce(), 0)

    assert.deepEqual(mailbox.to(bob.email), [])
    assert.deepEqual(mailbox.to(carol.email), [])
    assert.isFalse(await emailPending(carol, before.id))
  })

  test('a direct message to someone offline is emailed as one', async ({ assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const team = await new TeamService().create(alice, 'Ops')
    await new TeamService().addMember(team, bob, 'member')
    const aliceWeb = await signIn(alice)
    await send(aliceWeb, await conversation(aliceWeb, team, [bob]), 'are you free later?')

    await mailer().runOnce()

    const [email] = await emailsTo(bob)
    assert.equal(email.subject, `New direct message from @${alice.username}`)
    assert.include(email.text, 'are you free later?')
    assert.include(email.html as string, 'are you free later?')
  })

  test('two rounds running at once send one email', async ({ assert }) => {
    const { channel, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    await send(aliceWeb, channel.id, `@${bob.username} only once please`)

    const counts = await Promise.all([mailer().runOnce(), mailer().runOnce()])

    assert.equal(counts[0] + counts[1], 1)
    assert.lengthOf(await emailsTo(bob), 1)
    assert.lengthOf(mailbox.to(bob.email), 1)
  })
})

test.group('Notifications: email from several instances', (group) => {
  // Two instances claim a batch window on connections of their own. Inside the global transaction
  // of `isolate` both rounds would share one connection, so this group commits for real and each
  // test removes what it made.
  group.each.setup(() => limiter.clear())

  test('two rounds on their own connections at once send one email', async ({
    assert,
    cleanup,
  }) => {
    const { team, channel, alice, aliceWeb, people } = await devChannel(1)
    const [bob] = people
    cleanup(() => removeTeam(team, [alice, bob]))
    const sent = await send(aliceWeb, channel.id, `@${bob.username} exactly once`)

    const counts = await Promise.all([mailer().runOnce(), mailer().runOnce(), mailer().runOnce()])

    assert.equal(counts[0] + counts[1] + counts[2], 1)
    const [email] = await emailsTo(bob)
    assert.include(email.text, 'exactly once')
    assert.lengthOf(mailbox.to(bob.email), 1)
    assert.isFalse(await emailPending(bob, sent.id))
  })
})

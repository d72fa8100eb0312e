import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import TeamService from '#app/services/team_service'
import { UserFactory } from '#database/factories/user_factory'
import { STREAM_NOT_FOUND, assertError } from '#tests/helpers/assertions'
import { isolate, withToken } from '#tests/helpers/auth'
import { send, teamWithChannel } from '#tests/helpers/chat'
import { openSse } from '#tests/helpers/realtime'
import { WebClient, expectStatus, statusOf, type WebResponse } from '#tests/helpers/web_client'

type Envelope = { type: string; seq: number; at: string; data: any }
type Page = { data: Envelope[]; next: number | null; latestSeq: number }
type PostJson = {
  id: string
  rootId: string | null
  message: string
  deleted: boolean
  replyCount: number
  lastReplyAt: string | null
  reactions: Array<{ emoji: string; userIds: string[] }>
}

function eventsUrl(stream: string, after: number | string, limit?: number) {
  const query = `/api/v1/events?stream=${stream}&after=${after}`
  return limit === undefined ? query : `${query}&limit=${limit}`
}

/** Replays a stream after a seq, following `next` until it is null; every page. */
async function catchUp(client: WebClient, stream: string, after: number, limit?: number) {
  const pages: Page[] = []
  for (let cursor: number | null = after; cursor !== null;) {
    const response: WebResponse<Page> = await client.get<Page>(eventsUrl(stream, cursor, limit))
    if (response.status !== 200) throw new Error(`catch-up failed: ${response.status}`)
    pages.push(response.body)
    cursor = response.body.next
  }
  return pages
}

/** The seqs the server numbered in a stream, in order, from the log itself. */
async function loggedSeqs(stream: string, after = 0) {
  const rows = await db
    .from('stream_events')
    .where('stream', stream)
    .where('seq', '>', after)
    .orderBy('seq', 'asc')
    .select('seq')
  return rows.map((row) => Number(row.seq))
}

function range(from: number, to: number) {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index)
}

function reactionKeys(reactions: PostJson['reactions']) {
  return reactions.flatMap((r) => r.userIds.map((userId) => `${r.emoji}:${userId}`)).sort()
}

type KnownPost = {
  rootId: string | null
  message: string
  deleted: boolean
  reactions: Set<string>
}

/**
 * What a client keeps of a channel: its posts, built by applying events in
 * seq order, each once. Post events carry the post; reactions are deltas
 * applied as set operations, so a replayed post (which carries its current
 * reactions) followed by replayed deltas still ends where the server is.
 */
class Replica {
  readonly posts = new Map<string, KnownPost>()
  readonly applied: number[] = []

  get lastSeq() {
    return this.applied.at(-1) ?? 0
  }

  /** Applies events newer than the last applied one; older ones were seen already. */
  apply(events: Envelope[]) {
    for (const event of events) {
      if (event.seq === null || event.seq <= this.lastSeq) continue
      this.applied.push(event.seq)
      this.#apply(event)
    }
  }

  /** The posts as plain data, comparable with the server's. */
  snapshot() {
    const replies = new Map<string, number>()
    for (const known of this.posts.values()) {
      if (known.rootId && !known.deleted) {
        replies.set(known.rootId, (replies.get(known.rootId) ?? 0) + 1)
      }
    }
    return Object.fromEntries(
      [...this.posts].map(([id, known]) => [
        id,
        {
          rootId: known.rootId,
          message: known.message,
          deleted: known.deleted,
          reactions: [...known.reactions].sort(),
          replyCount: known.rootId ? 0 : (replies.get(id) ?? 0),
        },
      ])
    )
  }

  #apply({ type, data }: Envelope) {
    if (type.startsWith('post.')) {
      const json = data.post as PostJson
      const known = this.posts.get(json.id)
      const reactions = known?.reactions ?? new Set(reactionKeys(json.reactions))
      if (json.deleted) reactions.clear()
      this.posts.set(json.id, {
        rootId: json.rootId,
        message: json.message,
        deleted: json.deleted,
        reactions,
      })
    } else if (type === 'reaction.added' || type === 'reaction.removed') {
      const known = this.posts.get(data.postId)
      if (!known) throw new Error(`${type} for a post never seen: ${data.postId}`)
      const key = `${data.emoji}:${data.userId}`
      if (type === 'reaction.added') known.reactions.add(key)
      else known.reactions.delete(key)
    }
  }
}

/** Every post of a channel as the API shows it now: history pages, then each thread. */
async function serverState(client: WebClient, channelId: string) {
  const roots: PostJson[] = []
  let next: string | null = null
  do {
    const after: string = next ? `&after=${next}` : ''
    const page = await client.get(`/api/v1/channels/${channelId}/posts?limit=200${after}`)
    if (page.status !== 200) throw new Error(`history failed: ${page.status}`)
    roots.push(...page.body.data)
    next = page.body.next
  } while (next)
  const replies: PostJson[] = []
  for (const root of roots.filter((candidate) => candidate.lastReplyAt !== null)) {
    const thread = await client.get(`/api/v1/posts/${root.id}/thread?limit=200`)
    if (thread.status !== 200 || thread.body.next) throw new Error('thread not in one page')
    replies.push(...thread.body.data)
  }
  return Object.fromEntries(
    [...roots, ...replies].map((json) => [
      json.id,
      {
        rootId: json.rootId,
        message: json.message,
        deleted: json.deleted,
        reactions: reactionKeys(json.reactions),
        replyCount: json.replyCount,
      },
    ])
  )
}

test.group('Catch-up: replaying a stream', (group) => {
  isolate(group)

  test('the events after a seq come back in order, each once, and only that stream', async ({
    assert,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { team, channel, stream, web } = await teamWithChannel(alice, 'public', [bob])
    const sent = []
    for (const message of ['one', 'two', 'three', 'four']) {
      sent.push(await send(web, channel.id, message))
    }
    const bobWeb = await withToken(bob)
    expectStatus(await bobWeb.put(`/api/v1/posts/${sent[3].id}/reactions/tada`), 204)
    expectStatus(
      await web.post(`/api/v1/teams/${team.id}/channels`, {
        type: 'public',
        name: 'other',
        displayName: 'Other',
      }),
      201
    )

    const response = await bobWeb.get(eventsUrl(stream, sent[1].seq))

    assert.equal(response.status, 200)
    const { data, next, latestSeq } = response.body as Page
    assert.deepEqual(
      data.map((event) => event.seq),
      await loggedSeqs(stream, sent[1].seq)
    )
    assert.deepEqual(
      data.map((event) => event.seq),
      range(sent[1].seq + 1, latestSeq)
    )
    assert.deepEqual(
      data.map((event) => event.type),
      ['post.created', 'post.created', 'reaction.added']
    )
    assert.deepEqual(
      data.slice(0, 2).map((event) => event.data.post.message),
      ['three', 'four']
    )
    assert.deepEqual(data[2].data, { postId: sent[3].id, userId: bob.id, emoji: 'tada' })
    assert.deepEqual(data[1].data.post.reactions, [{ emoji: 'tada', count: 1, userIds: [bob.id] }])
    assert.isNull(next)
    for (const event of data) assert.isNotNaN(Date.parse(event.at))

    const nothingNew = await bobWeb.get(eventsUrl(stream, latestSeq))
    assert.deepEqual(nothingNew.body, { data: [], next: null, latestSeq })
  })

  test('more events than the limit come in pages linked by next', async ({ assert }) => {
    const alice = await UserFactory.create()
    const { channel, stream, web } = await teamWithChannel(alice, 'private')
    const before = await web.get<Page>(eventsUrl(stream, 0))
    const start = before.body.latestSeq
    for (let index = 1; index <= 7; index++) await send(web, channel.id, `message ${index}`)

    const pages = await catchUp(web, stream, start, 3)

    assert.deepEqual(
      pages.map((page) => page.data.length),
      [3, 3, 1]
    )
    assert.deepEqual(
      pages.map((page) => page.next),
      [start + 3, start + 6, null]
    )
    const seqs = pages.flatMap((page) => page.data.map((event) => event.seq))
    assert.deepEqual(seqs, range(start + 1, start + 7))
    assert.deepEqual(
      pages.flatMap((page) => page.data.map((event) => event.data.post.message)),
      range(1, 7).map((index) => `message ${index}`)
    )
    for (const page of pages) assert.equal(page.latestSeq, start + 7)

    const exact = await web.get<Page>(eventsUrl(stream, start + 4, 3))
    assert.lengthOf(exact.body.data, 3)
    assert.isNull(exact.body.next)
  })

  test('a stream the caller may not follow is a 404, and nobody signed in is a 401', async ({
    assert,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const { team, channel, stream, web } = await teamWithChannel(alice, 'private', [bob])
    await new TeamService().addMember(team, carol, 'member')
    const elsewhere = await new TeamService().create(alice, 'Elsewhere')
    await send(web, channel.id, 'members only')
    const carolWeb = await withToken(carol, ['read'])

    for (const refused of [
      stream,
      `users/${alice.id}`,
      `teams/${elsewhere.id}`,
      'channels/not-a-channel',
      'nonsense',
    ]) {
      assertError(assert, await carolWeb.get(eventsUrl(refused, 0)), 404, STREAM_NOT_FOUND)
    }
    assert.equal(await statusOf(carolWeb.get(eventsUrl(`users/${carol.id}`, 0))), 200)
    assert.equal(await statusOf(carolWeb.get(eventsUrl(`teams/${team.id}`, 0))), 200)
    assertError(assert, await new WebClient().get(eventsUrl(stream, 0)), 401, {
      code: 'unauthenticated',
    })

    const bobWeb = await withToken(bob, ['read'])
    assert.equal(await statusOf(bobWeb.get(eventsUrl(stream, 0))), 200)
    expectStatus(await web.delete(`/api/v1/channels/${channel.id}/members/${bob.id}`), 204)
    assertError(assert, await bobWeb.get(eventsUrl(stream, 0)), 404, STREAM_NOT_FOUND)
  })

  test('after is required and not negative, and limit is at most 500', async ({ assert }) => {
    const alice = await UserFactory.create()
    const { stream } = await teamWithChannel(alice, 'public')
    const web = await withToken(alice, ['read'])

    const missing = await web.get(`/api/v1/events?stream=${stream}`)
    assertError(assert, missing, 422, { code: 'required', field: 'after' })
    assertError(assert, await web.get(eventsUrl(stream, -1)), 422, { code: 'min', field: 'after' })
    assertError(assert, await web.get(eventsUrl(stream, 'x')), 422, {
      code: 'number',
      field: 'after',
    })
    for (const limit of [0, 501]) {
      assertError(assert, await web.get(eventsUrl(stream, 0, limit)), 422, {
        code: 'range',
        field: 'limit',
      })
    }
    assertError(assert, await web.get('/api/v1/events?after=0'), 422, {
      code: 'required',
      field: 'stream',
    })
    assert.equal(await statusOf(web.get(eventsUrl(stream, 0, 500))), 200)
  })

  test('a deleted post replays without its text, which the log never held', async ({ assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const { channel, stream, web } = await teamWithChannel(alice, 'public', [bob])
    const sent = await send(web, channel.id, 'the secret text')
    expectStatus(await web.patch(`/api/v1/posts/${sent.id}`, { message: 'secret text, v2' }), 200)
    const bobWeb = await withToken(bob)
    expectStatus(await bobWeb.put(`/api/v1/posts/${sent.id}/reactions/eyes`), 204)
    const logged = () => db.from('stream_events').where('data', 'like', '%secret%')
    assert.lengthOf(await logged(), 0)

    expectStatus(await web.delete(`/api/v1/posts/${sent.id}`), 204)
    const [page] = await catchUp(web, stream, sent.seq - 1)

    assert.deepEqual(
      page.data.map((event) => event.type),
      ['post.created', 'post.edited', 'reaction.added', 'post.deleted']
    )
    for (const event of page.data.filter((e) => e.type.startsWith('post.'))) {
      assert.equal(event.data.post.id, sent.id)
      assert.equal(event.data.post.message, '')
      assert.isTrue(event.data.post.deleted)
      assert.deepEqual(event.data.post.reactions, [])
    }
    assert.notInclude(JSON.stringify(page), 'secret')
    assert.lengthOf(await logged(), 0)
    assert.lengthOf(await db.from('stream_events').where('data', 'like', '%secret text%'), 0)
    assert.lengthOf(await db.from('post_edits').where('post_id', sent.id), 0)
  })
})

test.group('Catch-up: after a cut', (group) => {
  isolate(group)

  test('a client cut off during a burst of 200 posts from several senders catches up to exactly the server state', async ({
    assert,
    cleanup,
  }) => {
    const [alice, bob, carol, dave, erin] = await UserFactory.createMany(5)
    const senders = [alice, bob, carol, dave]
    const { channel, stream } = await teamWithChannel(alice, 'public', [bob, carol, dave, erin])
    const clients = await Promise.all(senders.map((sender) => withToken(sender)))
    const readerWeb = await withToken(erin, ['read'])

    // The reader subscribes, then loads what came before (membership events).
    const replica = new Replica()
    const first = await openSse(readerWeb, cleanup)
    assert.equal(await first.subscribe(stream), 204)
    for (const page of await catchUp(readerWeb, stream, 0)) replica.apply(page.data)
    const liveFrom = replica.lastSeq
    const shared = await send(clients[0], channel.id, 'react here')

    const total = 200
    const cutAfter = Math.round(total / 3)
    let posted = 0
    const onPosted = () => {
      posted += 1
      if (posted === cutAfter) first.close()
    }
    await Promise.all(
      clients.map((client, index) =>
        sendBurst(client, channel.id, `s${index}`, total / senders.length, shared.id, onPosted)
      )
    )
    assert.equal(posted, total)

    // Live delivery, up to the cut: in seq order, no gaps, no repeats.
    const live = first.on(stream).filter((event) => event.seq !== null)
    const liveSeqs = live.map((event) => event.seq!)
    assert.isFalse(first.isOpen)
    assert.deepEqual(liveSeqs, range(liveFrom + 1, liveFrom + live.length))
    const liveCreated = live.filter((event) => event.type === 'post.created').length
    assert.isAbove(liveCreated, 0)
    assert.isBelow(liveCreated, total)
    replica.apply(live as Envelope[])

    // Back online: subscribe first, then catch up; something new arrives meanwhile.
    const second = await openSse(readerWeb, cleanup)
    assert.equal(await second.subscribe(stream), 204)
    const afterwards = await send(clients[1], channel.id, 'after the storm')
    const pages = await catchUp(readerWeb, stream, replica.lastSeq, 100)
    await second.waitFor(() =>
      second.on(stream, 'post.created').find((e) => e.data.post.id === afterwards.id)
    )

    const replayed = pages.flatMap((page) => page.data.map((event) => event.seq))
    assert.isAbove(pages.length, 1)
    assert.deepEqual(replayed, range(replica.lastSeq + 1, replica.lastSeq + replayed.length))
    for (const page of pages.slice(0, -1)) assert.equal(page.next, page.data.at(-1)!.seq)
    assert.isNull(pages.at(-1)!.next)
    assert.include(replayed, afterwards.seq)
    for (const page of pages) replica.apply(page.data)
    replica.apply(second.on(stream) as Envelope[])

    // Every event the server numbered was applied exactly once, in order.
    const logged = await loggedSeqs(stream)
    assert.deepEqual(logged, range(1, logged.length))
    assert.deepEqual(replica.applied, logged)
    assert.equal(pages.at(-1)!.latestSeq, logged.at(-1))
    assert.sameMembers(
      [...new Set([...liveSeqs, ...replayed])].sort((a, b) => a - b),
      logged.filter((seq) => seq > liveFrom)
    )

    // The replica is exactly what the server holds now.
    const server = await serverState(readerWeb, channel.id)
    assert.lengthOf(Object.keys(server), total + 2)
    assert.deepEqual(replica.snapshot(), server)
  }).timeout(60000)
})

/**
 * One sender's part of the burst: `count` posts in a row, some of them
 * replies, some later edited or deleted, with reactions added and removed
 * on their own posts and on a post everyone reacts to.
 */
async function sendBurst(
  client: WebClient,
  channelId: string,
  name: string,
  count: number,
  sharedId: string,
  onPosted: () => void
) {
  const mine: Array<{ id: string; deleted: boolean; reacted: boolean }> = []
  let anchor: string | undefined
  for (let index = 0; index < count; index++) {
    const rootId = index % 5 === 3 ? anchor : undefined
    const sent = await send(client, channelId, `${name} says ${index}`, rootId)
    onPosted()
    mine.push({ id: sent.id, deleted: false, reacted: false })
    if (index % 10 === 0) anchor = sent.id

    if (index % 4 === 1) {
      expectStatus(await client.put(`/api/v1/posts/${sent.id}/reactions/thumbsup`), 204)
      mine[index].reacted = true
    }
    if (index % 7 === 6 && !mine[index - 1].deleted) {
      const message = `${name} says ${index - 1}, edited`
      expectStatus(await client.patch(`/api/v1/posts/${mine[index - 1].id}`, { message }), 200)
    }
    // Anchors (every tenth post) carry replies; only other posts are deleted.
    if (index % 8 === 7 && (index - 2) % 10 !== 0) {
      expectStatus(await client.delete(`/api/v1/posts/${mine[index - 2].id}`), 204)
      mine[index - 2].deleted = true
    }
    const unreacted = mine[index - 10]
    if (index % 12 === 11 && unreacted?.reacted && !unreacted.deleted) {
      expectStatus(await client.delete(`/api/v1/posts/${unreacted.id}/reactions/thumbsup`), 204)
    }
    const onShared = { 10: ['put', 'heart'], 20: ['put', 'tada'], 30: ['delete', 'heart'] }[index]
    if (onShared) {
      const [method, emoji] = onShared
      expectStatus(
        await client.request(method, `/api/v1/posts/${sharedId}/reactions/${emoji}`),
        204
      )
    }
  }
}

/*
|--------------------------------------------------------------------------
| The web client's steps that several actions share
|--------------------------------------------------------------------------
|
| Signing in, viewing a channel, following streams, reopening the SSE
| stream with catch-up, sending a post: each is the sequence of calls the
| web app makes (docs/api.md, docs/realtime.md), made through a Run, which
| records whether any call of the action failed.
|
*/
import { keepCookies, sessionOf, type Reply } from './http.js'
import { PASSWORD, username } from './plan.js'
import { pause, type SimUser } from './users.js'

export const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]

/** One action of one user: its calls, whether one failed, the pauses to leave out of its time. */
export class Run {
  failed = false
  pausedMs = 0

  constructor(readonly user: SimUser) {}

  /**
   * A call to `route` (recorded under that name), its `:id` replaced by `id`, with an optional
   * query string and JSON body.
   */
  async call(
    method: string,
    route: string,
    id = '',
    options: { query?: string; body?: unknown } = {}
  ) {
    const path = route.replace(':id', id) + (options.query ? `?${options.query}` : '')
    const { http } = this.user.world
    const reply = await http.request(route, method, path, this.user.session, options.body)
    if (!reply.ok) this.failed = true
    return reply
  }

  /** A pause inside the action (between scrolls), scaled like think time. */
  async pause(ms: number) {
    const started = performance.now()
    const going = await pause(this.user.world, ms / this.user.world.timeScale)
    this.pausedMs += performance.now() - started
    return going
  }
}

/** Reads the presence of the authors of a page of posts, as the web app shows it. */
export async function presence(run: Run, posts: { userId: string }[]) {
  const ids = [...new Set(posts.map((post) => post.userId))].slice(0, 200)
  if (ids.length > 0)
    await run.call('GET', '/api/v1/presence', '', { query: `ids=${ids.join(',')}` })
}

async function subscribe(run: Run, channel: string) {
  const body = { uid: run.user.sse!.uid, channel }
  const reply = await run.call('POST', '/__transmit/subscribe', '', { body })
  return reply.ok
}

/**
 * Views a channel: leaves the current one's stream, reads the page around
 * the first unread post and its authors' presence, follows the channel's
 * stream and marks it read.
 */
export async function view(run: Run, channelId: string) {
  const { user } = run
  const uid = user.sse?.isOpen ? user.sse.uid : undefined
  if (user.current && uid) {
    user.unsubscribed()
    const body = { uid, channel: `channels/${user.current}` }
    await run.call('POST', '/__transmit/unsubscribe', '', { body })
  }
  user.current = channelId
  user.older = null
  user.roots = []
  user.authors = []
  const reply = await run.call('GET', '/api/v1/channels/:id/posts', channelId, {
    query: 'around=unread&limit=30',
  })
  if (reply.ok) {
    const page = reply.json()
    const posts: { id: string; userId: string; rootId: string | null; seq: number }[] = page.data
    user.older = page.previous ?? null
    user.roots = posts.filter((post) => !post.rootId).map((post) => post.id)
    user.authors = [...new Set(posts.map((post) => post.userId))]
    user.channelSeq = posts.reduce((highest, post) => Math.max(highest, post.seq), 0)
    await presence(run, posts)
  }
  if (uid && (await subscribe(run, `channels/${channelId}`))) user.subscribed(channelId)
  await run.call('POST', '/api/v1/channels/:id/read', channelId, { body: {} })
}

/**
 * Drops the stream and opens a new one, follows the user's stream and the
 * current channel again, then catches up on both from the last seq seen
 * (docs/realtime.md's client algorithm).
 */
export async function reopenStream(run: Run) {
  const { user } = run
  const { world } = user
  user.unsubscribed()
  user.sse?.close()
  user.lost = false
  const stream = user.newStream()
  if (!(await stream.open(world.port, user.session!, world.recorder, world.timeoutMs))) {
    run.failed = true
    user.lost = true
    return
  }
  await subscribe(run, user.userStream)
  if (user.current && (await subscribe(run, `channels/${user.current}`))) {
    user.subscribed(user.current)
  }
  const streams: [string, number][] = [[user.userStream, user.userSeq]]
  if (user.current) streams.push([`channels/${user.current}`, user.channelSeq])
  for (const [name, after] of streams) {
    if (after === 0) continue
    const query = `stream=${encodeURIComponent(name)}&after=${after}`
    const reply = await run.call('GET', '/api/v1/events', '', { query })
    if (!reply.ok) continue
    const latest = Number(reply.json().latestSeq ?? 0)
    if (name === user.userStream) user.userSeq = Math.max(user.userSeq, latest)
    else user.channelSeq = Math.max(user.channelSeq, latest)
  }
}

/**
 * Sends a post (or a card comment) to `route` with a client id, and notes
 * when, and how many other simulated users followed its channel then.
 */
export async function send(
  run: Run,
  channelId: string,
  route: string,
  id: string,
  body: Record<string, unknown>
) {
  const { user } = run
  const { world } = user
  const clientId = user.nextClientId()
  const listeners = world.subscribers.get(channelId)
  const expected = (listeners?.size ?? 0) - (listeners?.has(user) ? 1 : 0)
  world.sent.set(clientId, performance.now())
  const reply = await run.call('POST', route, id, { body: { ...body, clientId } })
  if (reply.ok) world.recorder.posted(expected)
}

/**
 * Logs in as the web app does (CSRF cookie, then the password), loads the
 * user, their teams and channels, opens the SSE stream on the user's own
 * stream, joins a channel with a board if none of theirs has one, and views
 * one of their channels. False if a step failed.
 */
export async function signIn(run: Run) {
  const { user } = run
  const { world } = user
  const jar = new Map<string, string>()
  const keep = (reply: Reply) => {
    keepCookies(jar, reply.setCookies)
    user.session = sessionOf(jar)
    return reply.ok
  }
  user.session = null
  if (!keep(await run.call('GET', '/api/v1/auth/csrf'))) return false
  const credentials = { login: username(user.index), password: PASSWORD }
  if (!keep(await run.call('POST', '/api/v1/auth/login', '', { body: credentials }))) return false
  const me = await run.call('GET', '/api/v1/users/me')
  const teams = me.ok && (await run.call('GET', '/api/v1/teams'))
  const reply =
    teams && teams.ok && (await run.call('GET', '/api/v1/teams/:id/channels', world.teamId))
  if (!reply || !reply.ok) return false
  const channels: { id: string; type: string }[] = reply.json().data
  user.channels = channels.filter((channel) => channel.type === 'public').map(({ id }) => id)
  user.dms = channels.filter((channel) => channel.type === 'direct').map(({ id }) => id)

  await reopenStream(run)
  if (run.failed) return false

  const ownBoard = user.channels.map((id) => world.boardByChannel.get(id)).find(Boolean)
  user.board = ownBoard ?? world.boards[user.index % world.boards.length] ?? null
  if (user.board && !ownBoard) {
    await run.call('POST', '/api/v1/channels/:id/join', user.board.channelId, { body: {} })
    user.channels.push(user.board.channelId)
  }
  if (user.channels.length > 0) await view(run, pick(user.channels))
  return !run.failed
}

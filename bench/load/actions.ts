/*
|--------------------------------------------------------------------------
| What a simulated user does: log in, then think and act, by weight
|--------------------------------------------------------------------------
|
| Chat weights are mattermost-load-test-ng's simulcontroller frequencies;
| board weights are ours (bench/README.md says why). Each action makes the
| calls a web client makes for it, in its order, with the user's session
| cookie and CSRF header; it counts as failed if any call failed. Its time is
| the time spent in calls (the pauses between scrolls are left out).
|
*/
import { WORDS, username } from './plan.js'
import { Run, pick, presence, reopenStream, send, signIn, view } from './steps.js'
import { SimUser, pause, thinkTime, type World } from './users.js'

const WEIGHTS = {
  'switch channel': 6.52,
  'scroll history': 1.99,
  'create post': 1,
  'check unreads': 1,
  'open direct message': 0.98,
  'view threads': 0.6,
  'reconnect stream': 0.144,
  'open board': 0.5,
  'move card': 0.2,
  'comment on card': 0.2,
}

type ActionName = keyof typeof WEIGHTS

const NAMES = Object.keys(WEIGHTS) as ActionName[]
const TOTAL = NAMES.reduce((sum, name) => sum + WEIGHTS[name], 0)

/** Mentions in one message in ten, as mattermost-load-test-ng writes them. */
const MENTION_SHARE = 0.1

function pickAction(): ActionName {
  let draw = Math.random() * TOTAL
  for (const name of NAMES) {
    draw -= WEIGHTS[name]
    if (draw < 0) return name
  }
  return NAMES[0]
}

const words = () => Array.from({ length: 4 + Math.floor(Math.random() * 30) }, () => pick(WORDS))

const ACTIONS: Record<ActionName, (run: Run) => Promise<void>> = {
  'switch channel': async (run) => {
    const { user } = run
    const choices = user.channels.filter((id) => id !== user.current)
    if (choices.length > 0) await view(run, pick(choices))
  },
  'scroll history': async (run) => {
    const { user } = run
    const scrolls = 1 + Math.floor(Math.random() * 5)
    for (let scroll = 0; scroll < scrolls && user.older && user.current; scroll++) {
      if (scroll > 0 && !(await run.pause(1000 + Math.random() * 9000))) return
      const query = `before=${user.older}&limit=30`
      const reply = await run.call('GET', '/api/v1/channels/:id/posts', user.current, { query })
      if (!reply.ok) return
      const page = reply.json()
      user.older = page.next
      await presence(run, page.data)
    }
  },
  'create post': async (run) => {
    const { user } = run
    if (!user.current) return
    await run.call('POST', '/api/v1/channels/:id/typing', user.current, { body: {} })
    const message = words()
    if (Math.random() < MENTION_SHARE && user.authors.length > 0) {
      const index = user.world.indexOf.get(pick(user.authors))
      if (index !== undefined) message.unshift(`@${username(index)}`)
    }
    const reply = Math.random() < user.world.replyShare && user.roots.length > 0
    const body = { message: message.join(' '), rootId: reply ? pick(user.roots) : undefined }
    await send(run, user.current, '/api/v1/channels/:id/posts', user.current, body)
  },
  'check unreads': async (run) => {
    const { user } = run
    await run.call('GET', '/api/v1/teams/:id/channels', user.world.teamId)
    if (user.current)
      await run.call('POST', '/api/v1/channels/:id/read', user.current, { body: {} })
  },
  'open direct message': async (run) => {
    const { user } = run
    const choices = user.dms.filter((id) => id !== user.current)
    if (choices.length > 0) await view(run, pick(choices))
  },
  'view threads': async (run) => {
    const { user } = run
    const reply = await run.call('GET', '/api/v1/teams/:id/threads', user.world.teamId, {
      query: 'limit=25',
    })
    if (!reply.ok) return
    const threads: { root: { id: string }; unreadReplies: number }[] = reply.json().data
    if (threads.length === 0) return
    const thread = threads.find((entry) => entry.unreadReplies > 0) ?? pick(threads)
    await run.call('GET', '/api/v1/posts/:id/thread', thread.root.id)
    await run.call('POST', '/api/v1/posts/:id/thread/read', thread.root.id)
  },
  'reconnect stream': reopenStream,
  'open board': async (run) => {
    const board = run.user.board
    if (!board) return
    await run.call('GET', '/api/v1/boards/:id/document', board.id)
    await run.call('GET', '/api/v1/boards/:id/cards', board.id)
  },
  'move card': async (run) => {
    const board = run.user.board
    if (!board || board.cardIds.length === 0) return
    const body = { column: pick(board.columnIds) }
    await run.call('PATCH', '/api/v1/cards/:id', pick(board.cardIds), { body })
  },
  'comment on card': async (run) => {
    const board = run.user.board
    if (!board || board.cardIds.length === 0) return
    const cardId = pick(board.cardIds)
    const thread = await run.call('GET', '/api/v1/cards/:id/comments', cardId)
    if (!thread.ok) return
    const body = { message: words().join(' ') }
    await send(run, board.channelId, '/api/v1/cards/:id/comments', cardId, body)
  },
}

/** Runs `step` as the action `name` of `user` and records it; whether it went through. */
async function act(user: SimUser, name: string, step: (run: Run) => Promise<unknown>) {
  const run = new Run(user)
  const started = performance.now()
  const result = await step(run)
  user.world.recorder.action(name, performance.now() - started - run.pausedMs, run.failed)
  return result !== false && !run.failed
}

/**
 * Starts user number `index`. `firstLogin` settles after its first login
 * attempt (the ramp waits for it); a failed login is retried after a think
 * time, as Mattermost's controller does, then the user lives until the run
 * stops (`life`).
 */
export function startUser(world: World, index: number) {
  const user = new SimUser(world, index, world.userIds[index])
  let settle: (ok: boolean) => void = () => {}
  const firstLogin = new Promise<boolean>((resolve) => (settle = resolve))
  const life = (async () => {
    let ok = await act(user, 'login', signIn)
    settle(ok)
    while (!ok) {
      if (!(await pause(world, thinkTime(world)))) return
      ok = await act(user, 'login', signIn)
    }
    await live(user)
  })()
  return { user, firstLogin, life }
}

/** Think, act, until the run stops; a stream the server dropped is reopened first. */
async function live(user: SimUser) {
  const { world } = user
  while (await pause(world, thinkTime(world))) {
    if (user.lost) await act(user, 'reopen lost stream', reopenStream)
    else {
      const name = pickAction()
      await act(user, name, ACTIONS[name])
    }
  }
  user.unsubscribed()
  user.sse?.close()
}

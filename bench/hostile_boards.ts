/*
|--------------------------------------------------------------------------
| Board sockets under attack: how long everyone else waits
|--------------------------------------------------------------------------
|
| Starts Hearth on a fresh SQLite database, makes a board of --cards (500)
| cards, then for --seconds (5) each runs one attack from --attackers (4)
| sockets that reconnect whenever the server closes them, while this
| process asks GET /health one request after another. Two figures: the
| server's own event-loop delay (bench/loop_probe.ts, sampled every ms inside
| the server: how long anyone else's request, message or timer waited), and
| /health's latency as a client sees it (it does almost nothing, so that is
| the same delay plus the trip; this process also plays the attackers, so it
| includes their client-side work). The baseline is the same with no attack,
| in the same run. The attacks are those of the attack pass (issue 12):
|
| - pending: an update built on a change never sent (a 300 KB description);
| - bomb: an update of 40,000 tiny structs (one key each), about 1 MB;
| - deep: a card nested 2,000 maps deep;
| - foreign: a type outside the board schema (a card title that is an array);
| - values: a 200,000-character title;
| - step1: a viewer asking for the whole document ([0,0,1,0]) without pause;
| - flood: valid one-struct changes as fast as the socket takes them.
|
| --rounds (3) alternates baseline and attacks; the summary gives medians.
| --smoke runs one short round (CI); --only=flood,step1 runs only those attacks.
|
*/
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { cardsOf, createCard } from '#boards/document/index'
import { updateMessage } from '#boards/sync/protocol'
import { connect, disconnect, whenSynced } from './board_clients.js'
import {
  apiCall,
  benchToken,
  flag,
  median,
  printCommand,
  round,
  signUp,
  startServer,
  stopServer,
  summarise,
} from './lib.js'

const SMOKE = process.argv.includes('--smoke')
const CARDS = Number(flag('cards', SMOKE ? '50' : '500'))
const SECONDS = Number(flag('seconds', SMOKE ? '1' : '5'))
const ROUNDS = Number(flag('rounds', SMOKE ? '1' : '3'))
const ATTACKERS = Number(flag('attackers', '4'))
const PORT = flag('port', '3354')
const ONLY = flag('only', '') ? flag('only', '').split(',') : null

const url = `http://127.0.0.1:${PORT}`
const syncBase = `ws://127.0.0.1:${PORT}/api/v1/boards`

const updateFrame = (update: Uint8Array) => Buffer.from(updateMessage(update))

/** The update one change makes to a copy of the board (a fresh client id each time). */
function updateOf(base: Uint8Array, change: (doc: Y.Doc) => void) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, base)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  doc.transact(() => change(doc))
  return updates
}

const uuid = (n: number) => `0190a8f4-8f1e-7000-8000-${String(n).padStart(12, '0')}`

/** The message each attack sends, again and again. */
function attacks(base: Uint8Array, userId: string): Record<string, Buffer> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, base)
  const someCard = [...cardsOf(doc).keys()][0]
  doc.destroy()
  let id = ''
  const pendingChain = (() => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, base)
    const updates: Uint8Array[] = []
    copy.on('update', (update: Uint8Array) => updates.push(update))
    copy.transact(() => (id = createCard(copy, { title: 'Never sent' }, { userId })))
    copy.transact(() =>
      (cardsOf(copy).get(id)!.get('description') as Y.Text).insert(0, 'x'.repeat(300_000))
    )
    return updates[1]
  })()
  const [bomb] = updateOf(base, (copy) => {
    const card = new Y.Map<unknown>()
    cardsOf(copy).set(uuid(1), card)
    for (let key = 0; key < 40_000; key++) card.set(`k${key}`, key)
  })
  const [deep] = updateOf(base, (copy) => {
    let map = new Y.Map<unknown>()
    cardsOf(copy).set(uuid(2), map)
    for (let depth = 0; depth < 2_000; depth++) {
      const inner = new Y.Map<unknown>()
      map.set('values', inner)
      map = inner
    }
  })
  const [foreign] = updateOf(base, (copy) =>
    cardsOf(copy).get(someCard)!.set('title', new Y.Array())
  )
  const [values] = updateOf(base, (copy) =>
    (cardsOf(copy).get(someCard)!.get('title') as Y.Text).insert(0, 'y'.repeat(200_000))
  )
  return {
    pending: updateFrame(pendingChain),
    bomb: updateFrame(bomb),
    deep: updateFrame(deep),
    foreign: updateFrame(foreign),
    values: updateFrame(values),
    step1: Buffer.from([0, 0, 1, 0]),
  }
}

/** One attacking socket: sends `next()` whenever its send buffer is empty; reconnects when closed. */
async function attacker(boardId: string, token: string, until: number, next: () => Buffer) {
  let sent = 0
  while (Date.now() < until) {
    const ws = new WebSocket(`${syncBase}/${boardId}/sync`, {
      headers: { authorization: `Bearer ${token}` },
    })
    ws.on('error', () => {})
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | null = null
      const stop = () => {
        if (timer) clearInterval(timer)
        ws.terminate()
        resolve()
      }
      ws.on('close', stop)
      ws.on('unexpected-response', stop)
      ws.on('open', () => {
        timer = setInterval(() => {
          if (Date.now() >= until) return stop()
          if (ws.bufferedAmount > 0) return
          ws.send(next())
          sent++
        }, 1)
      })
    })
  }
  return sent
}

/** /health asked one request after another for `seconds`: the latencies (ms). */
async function pollHealth(seconds: number) {
  const latencies: number[] = []
  const until = performance.now() + seconds * 1000
  while (performance.now() < until) {
    const started = performance.now()
    const response = await fetch(`${url}/health`)
    await response.arrayBuffer()
    latencies.push(performance.now() - started)
  }
  return latencies
}

/** The server's event-loop delay since the last call (bench/loop_probe.ts), in ms. */
async function loopDelay(pid: number, file: string) {
  const before = await stat(file).then(
    (info) => info.mtimeMs,
    () => 0
  )
  process.kill(pid, 'SIGUSR2')
  for (let attempt = 0; attempt < 200; attempt++) {
    await sleep(10)
    const info = await stat(file).catch(() => null)
    if (info && info.mtimeMs !== before) {
      return JSON.parse(await readFile(file, 'utf8')) as { p50: number; p99: number; max: number }
    }
  }
  throw new Error('the loop probe did not answer')
}

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-hostile-bench-'))
const probeFile = join(dataDir, 'loop-delay.json')
const server = await startServer(
  {
    PORT,
    HOST: '127.0.0.1',
    APP_KEY: randomBytes(32).toString('base64url'),
    DB_CONNECTION: 'sqlite',
    DATA_DIR: dataDir,
    // The defences under test, as shipped (bench/lib.ts raises this one for the other benches).
    BOARD_UPDATE_RATE_LIMIT: '200',
    LOOP_PROBE_FILE: probeFile,
  },
  ['./bench/loop_probe.ts']
)
const serverPid = server.child.pid!
try {
  await signUp(url, 'bench')
  const token = await benchToken(url, 'hostile bench', ['write'])
  const me = await apiCall(url, { token }, 'GET', '/api/v1/users/me')
  const team = await apiCall(url, { token }, 'POST', '/api/v1/teams', { name: 'Bench' }, 201)
  const channels = await apiCall(url, { token }, 'GET', `/api/v1/teams/${team.id}/channels`)
  const board = await apiCall(
    url,
    { token },
    'POST',
    `/api/v1/channels/${channels.data[0].id}/boards`,
    { title: 'Target', template: 'project_tasks' },
    201
  )
  const seeder = connect(syncBase, board.id, token)
  await whenSynced(seeder, 0)
  for (let start = 0; start < CARDS; start += 100) {
    seeder.doc.transact(() => {
      for (let n = start; n < Math.min(CARDS, start + 100); n++) {
        createCard(seeder.doc, { title: `Card ${n}` }, { userId: me.id })
      }
    })
    await sleep(50)
  }
  const check = connect(syncBase, board.id, token)
  await whenSynced(check, CARDS)
  disconnect(check)
  const base = Y.encodeStateAsUpdate(seeder.doc)
  const [, floodCard] = [...cardsOf(seeder.doc).keys()]
  disconnect(seeder)

  const messages = attacks(base, me.id)
  /** Each flooding socket edits its own copy of the board, so its changes follow one another. */
  const floodFrom = () => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, base)
    const card = cardsOf(copy).get(floodCard)!
    let last: Uint8Array = new Uint8Array()
    copy.on('update', (update: Uint8Array) => (last = update))
    let flip = 0
    return () => {
      card.set('archived', (flip++ & 1) === 0)
      return updateFrame(last)
    }
  }
  const names = [...Object.keys(messages), 'flood'].filter((name) => !ONLY || ONLY.includes(name))
  type Figures = Record<
    'p50' | 'p99' | 'max' | 'loopP50' | 'loopP99' | 'loopMax' | 'sent',
    number[]
  >
  const figures = new Map<string, Figures>()
  for (const name of ['baseline', ...names]) {
    figures.set(name, {
      p50: [],
      p99: [],
      max: [],
      loopP50: [],
      loopP99: [],
      loopMax: [],
      sent: [],
    })
  }

  for (let roundNumber = 1; roundNumber <= ROUNDS; roundNumber++) {
    for (const name of ['baseline', ...names]) {
      await loopDelay(serverPid, probeFile)
      const until = Date.now() + SECONDS * 1000
      const next = () => (name === 'flood' ? floodFrom() : () => messages[name])
      const attacking =
        name === 'baseline'
          ? Promise.resolve([0])
          : Promise.all(
              Array.from({ length: ATTACKERS }, () => attacker(board.id, token, until, next()))
            )
      const latencies = await pollHealth(SECONDS)
      const loop = await loopDelay(serverPid, probeFile)
      const counts = await attacking
      const sent = counts.reduce((sum, count) => sum + count, 0)
      const stats = summarise(latencies, SECONDS)
      const entry = figures.get(name)!
      entry.p50.push(stats.p50)
      entry.p99.push(stats.p99)
      entry.max.push(round(Math.max(...latencies)))
      entry.loopP50.push(loop.p50)
      entry.loopP99.push(loop.p99)
      entry.loopMax.push(loop.max)
      entry.sent.push(sent)
      console.log(
        `round ${roundNumber} ${name.padEnd(8)} server loop delay p50 ${loop.p50} ms, p99 ${loop.p99} ms, ` +
          `max ${loop.max} ms | /health p50 ${stats.p50} ms, p99 ${stats.p99} ms, ` +
          `max ${round(Math.max(...latencies))} ms (${stats.count} requests) | attack messages sent ${sent}`
      )
      await sleep(500)
    }
  }

  const stored = await apiCall(url, { token }, 'GET', `/api/v1/boards/${board.id}/document`)
  const titles = stored.cards.map((card: { title: string }) => card.title)
  const intact = titles.length === CARDS && titles.every((title: string) => title.length < 100)
  const baseline = figures.get('baseline')!
  console.log(
    "\nmedians over rounds (ms): the server's event-loop delay and /health latency while each " +
      "attack runs, and the ratio of each p99 to the baseline's"
  )
  console.log(
    'attack    loop p50  loop p99  loop max  ratio    | health p50  p99      max      ratio    | messages/s'
  )
  const cell = (value: number, width = 9) => String(value).padEnd(width)
  for (const [name, entry] of figures) {
    const loopRatio = round(median(entry.loopP99) / median(baseline.loopP99))
    const ratio = round(median(entry.p99) / median(baseline.p99))
    console.log(
      `${name.padEnd(9)} ${cell(median(entry.loopP50))} ${cell(median(entry.loopP99))} ` +
        `${cell(median(entry.loopMax))} ${cell(loopRatio)}| ${cell(median(entry.p50), 11)} ` +
        `${cell(median(entry.p99))} ${cell(median(entry.max))} ${cell(ratio)}| ` +
        `${round(median(entry.sent) / SECONDS)}`
    )
  }
  console.log(`board intact after the attacks: ${intact} (${titles.length} cards)`)
  printCommand()
  if (!intact) process.exitCode = 1
} finally {
  await stopServer(server.child)
  await rm(dataDir, { recursive: true, force: true })
}

/*
|--------------------------------------------------------------------------
| Board sync: Hearth against the reference y-websocket server
|--------------------------------------------------------------------------
|
| Starts a Hearth server (a fresh SQLite database in a temporary DATA_DIR,
| or the migrated PostgreSQL bench database with DB_CONNECTION=pg) and the
| reference server, @y/websocket-server (in memory, no database), and runs
| the same workload against both with the same client code, the unmodified
| y-websocket provider (the writer in this thread, the listeners in worker
| threads of ten: bench/board_clients.ts):
|
| - cold open: --opens (10) boards of --cards (2,000) cards are filled over
|   a socket, then Hearth restarts so each one loads from the database; the
|   time from a fresh provider to its `sync` event with every card in its doc;
| - memory: the server's RSS before and after those opens (one client each,
|   kept to the end);
| - propagation: --clients (50) on one board and a writer moving a random
|   card to a random column --rate (20) times a second for --seconds (10);
|   the time until each client sees each move;
| - throughput: the writer keeps --window (10) moves in flight (sent, not
|   yet seen by every client) for --seconds; moves a second seen by all.
|
| Propagation and throughput alternate between the servers for --rounds (3);
| the summary gives their medians. --smoke runs a small, short version (CI).
|
*/
import { randomBytes } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { cardsOf, groupField, moveCard } from '#boards/document/index'
import {
  ListenerThreads,
  collectGarbage,
  connect,
  disconnect,
  now,
  seedBoard,
  whenSynced,
  type Client,
} from './board_clients.js'
import {
  ROOT,
  benchDatabase,
  benchToken,
  flag,
  median,
  printCommand,
  round,
  startServer,
  stopServer,
  summarise,
  apiCall,
  signUp,
} from './lib.js'

const SMOKE = process.argv.includes('--smoke')
const CARDS = Number(flag('cards', SMOKE ? '200' : '2000'))
const CLIENTS = Number(flag('clients', SMOKE ? '10' : '50'))
const RATE = Number(flag('rate', '20'))
const SECONDS = Number(flag('seconds', SMOKE ? '2' : '10'))
const ROUNDS = Number(flag('rounds', SMOKE ? '1' : '3'))
const OPENS = Number(flag('opens', SMOKE ? '2' : '10'))
const WINDOW = Number(flag('window', '10'))
const PORT = flag('port', '3353')

/** Hearth's `board_sync.maxConnectionsPerUser`: the listeners are spread over enough accounts. */
const SOCKETS_PER_USER = 20
/** Listeners per thread (see board_clients.ts). */
const LISTENERS_PER_THREAD = 10
const onPostgres = process.env.DB_CONNECTION === 'pg'

if (OPENS + 1 > SOCKETS_PER_USER) {
  throw new Error(`--opens may be at most ${SOCKETS_PER_USER - 1}: one account holds those sockets`)
}

/** A sync server under test: where its sockets go and the process to watch. */
type SyncServer = { name: string; base: string; pid: number }
type Accounts = { userId: string; writer: string; listeners: string[] }

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]

function procFile(pid: number, name: string) {
  return readFileSync(`/proc/${pid}/${name}`, 'utf8')
}

/** Resident set size of a process, in MB. */
function rssMb(pid: number) {
  return Number(/VmRSS:\s+(\d+) kB/.exec(procFile(pid, 'status'))![1]) / 1024
}

/** CPU time (user + system) a process has used, in ms (clock ticks of 10 ms). */
function cpuMs(pid: number) {
  const fields = procFile(pid, 'stat').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Opens a board (its template, no cards) once, so lazy code paths load before measuring. */
async function warmUp(server: SyncServer, boardId: string, accounts: Accounts) {
  const client = connect(server.base, boardId, accounts.writer)
  await whenSynced(client, 0)
  disconnect(client)
  await sleep(1000)
}

/**
 * Opens each board with a fresh provider, one after another: the time of each to a full
 * sync, and the RSS per open board above `baseline`. The clients stay (closed at the end), so
 * no board unloads in the middle of a later measurement.
 */
async function coldOpens(server: SyncServer, ids: string[], baseline: number, accounts: Accounts) {
  const times: number[] = []
  const clients: Client[] = []
  for (const id of ids) {
    const started = performance.now()
    const client = connect(server.base, id, accounts.writer)
    await whenSynced(client, CARDS)
    times.push(performance.now() - started)
    clients.push(client)
  }
  await sleep(2000)
  const perBoard = (rssMb(server.pid) - baseline) / ids.length
  return { times, perBoard, clients }
}

/**
 * One board with a writer here and CLIENTS listeners in the threads. A move is done once
 * every listener holds the card at the position the move gave it; a card is moved again
 * only once its last move is done. Closing disconnects the writer and the listeners.
 */
async function liveBoard(
  server: SyncServer,
  boardId: string,
  accounts: Accounts,
  threads: ListenerThreads
) {
  const writer = connect(server.base, boardId, accounts.writer)
  await whenSynced(writer, CARDS)
  const tokens = Array.from(
    { length: CLIENTS },
    (_, index) => accounts.listeners[index % accounts.listeners.length]
  )
  await threads.connect(server.base, boardId, tokens, CARDS)
  const cardIds = [...cardsOf(writer.doc).keys()]
  const columns = groupField(writer.doc)!.options!.map((option) => option.id)
  const inFlight = new Map<string, { cardId: string; threadsLeft: number }>()
  const moving = new Set<string>()
  let latencies: number[] = []
  let completed = 0
  let wake: (() => void) | null = null

  threads.onSeen = (key, seen) => {
    const move = inFlight.get(key)
    if (!move) return
    latencies.push(...seen)
    if (--move.threadsLeft > 0) return
    inFlight.delete(key)
    moving.delete(move.cardId)
    completed++
    wake?.()
  }

  function send() {
    let cardId: string
    do cardId = pick(cardIds)
    while (moving.has(cardId))
    const sentAt = now()
    const index = Math.floor(Math.random() * (CARDS / columns.length))
    moveCard(writer.doc, cardId, { column: pick(columns), index }, { userId: accounts.userId })
    const key = `${cardId} ${cardsOf(writer.doc).get(cardId)!.get('position')}`
    moving.add(cardId)
    inFlight.set(key, { cardId, threadsLeft: threads.size })
    threads.announce(key, sentAt)
  }

  async function drain(timeoutMs = 5000) {
    const deadline = performance.now() + timeoutMs
    while (inFlight.size > 0 && performance.now() < deadline) await sleep(10)
    inFlight.clear()
    moving.clear()
  }

  return {
    /** RATE moves a second for SECONDS: the latency of each move at each listener. */
    async propagation() {
      latencies = []
      const total = RATE * SECONDS
      const began = performance.now()
      for (let index = 0; index < total; index++) {
        const wait = began + (index * 1000) / RATE - performance.now()
        if (wait > 0) await sleep(wait)
        send()
      }
      await drain()
      return { ...summarise(latencies, SECONDS), expected: total * CLIENTS }
    },
    /**
     * WINDOW moves in flight for SECONDS: moves a second seen by every listener, and the CPU
     * time per move of the server and of this process (writer and listener threads).
     */
    async throughput() {
      completed = 0
      const serverCpu = cpuMs(server.pid)
      const ownCpu = process.cpuUsage()
      const deadline = performance.now() + SECONDS * 1000
      while (performance.now() < deadline) {
        while (inFlight.size < WINDOW) send()
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1000)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        wake = null
      }
      const moves = completed
      const ownUsage = process.cpuUsage(ownCpu)
      const perMove = (ms: number) => ms / Math.max(1, moves)
      const result = {
        perSecond: moves / SECONDS,
        serverCpuMs: perMove(cpuMs(server.pid) - serverCpu),
        clientCpuMs: perMove((ownUsage.user + ownUsage.system) / 1000),
      }
      await drain()
      return result
    },
    async close() {
      disconnect(writer)
      await threads.disconnect()
    },
  }
}

/**
 * The accounts and the channel the boards go in. On a fresh SQLite database: `bench` (the
 * first account) makes a team, and listener accounts sign up with its invite. On the
 * PostgreSQL seed: `bench` and `user1`, `user2`, … (viewers of boards in `channel-0`).
 */
async function setUp(url: string) {
  const listenerAccounts = Math.ceil(CLIENTS / SOCKETS_PER_USER)
  const logins = Array.from({ length: listenerAccounts }, (_, index) =>
    onPostgres ? `user${index + 1}` : `listener${index + 1}`
  )
  let channelId: string
  if (onPostgres) {
    const writer = await benchToken(url, 'boards bench', ['write'])
    const teams = await apiCall(url, { token: writer }, 'GET', '/api/v1/teams')
    const channels = await apiCall(
      url,
      { token: writer },
      'GET',
      `/api/v1/teams/${teams.data[0].id}/channels`
    )
    channelId = channels.data.find((entry: any) => entry.name === 'channel-0').id
  } else {
    await signUp(url, 'bench')
    const writer = await benchToken(url, 'boards bench', ['write'])
    const team = await apiCall(
      url,
      { token: writer },
      'POST',
      '/api/v1/teams',
      { name: 'Bench' },
      201
    )
    for (const login of logins) await signUp(url, login, team.inviteCode)
    const channels = await apiCall(
      url,
      { token: writer },
      'GET',
      `/api/v1/teams/${team.id}/channels`
    )
    channelId = channels.data.find((entry: any) => entry.name === 'town-square').id
  }
  const writer = await benchToken(url, 'boards bench', ['write'])
  const me = await apiCall(url, { token: writer }, 'GET', '/api/v1/users/me')
  const listeners = []
  for (const login of logins) listeners.push(await benchToken(url, 'boards bench', ['read'], login))
  const accounts: Accounts = { userId: (me.user ?? me).id, writer, listeners }
  return { accounts, channelId }
}

/** Makes `count` boards from the `project_tasks` template in the channel: their ids. */
async function createBoards(url: string, token: string, channelId: string, count: number) {
  const ids: string[] = []
  for (let index = 0; index < count; index++) {
    const body = { title: `Bench board ${index + 1}`, template: 'project_tasks' }
    const board = await apiCall(
      url,
      { token },
      'POST',
      `/api/v1/channels/${channelId}/boards`,
      body,
      201
    )
    ids.push(board.id)
  }
  return ids
}

function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** Starts `@y/websocket-server` (in memory) with this Node, and waits until it answers. */
async function startReference() {
  const port = await freePort()
  const child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      (response) => response.ok,
      () => false
    )
    if (up) return { port, child }
    await sleep(100)
  }
  child.kill('SIGKILL')
  throw new Error('the reference server did not start in 10 s')
}

const dataDir = onPostgres ? null : await mkdtemp(join(tmpdir(), 'hearth-boards-bench-'))
const hearthEnv: Record<string, string> = {
  PORT,
  HOST: '127.0.0.1',
  APP_KEY: randomBytes(32).toString('base64url'),
  ...(onPostgres
    ? {
        DB_CONNECTION: 'pg',
        DB_HOST: benchDatabase.host,
        DB_PORT: String(benchDatabase.port),
        DB_USER: benchDatabase.user,
        DB_PASSWORD: benchDatabase.password,
        DB_DATABASE: benchDatabase.database,
      }
    : { DB_CONNECTION: 'sqlite', DATA_DIR: dataDir! }),
}

let hearth = await startServer(hearthEnv)
let reference: { port: number; child: ChildProcess } | null = null
const threads = new ListenerThreads(Math.ceil(CLIENTS / LISTENERS_PER_THREAD))
const open: Client[] = []
let live: Awaited<ReturnType<typeof liveBoard>> | null = null
let boardIds: string[] = []
let token = ''

const syncServer = (name: string, port: number | string, child: ChildProcess): SyncServer => ({
  name,
  base: `ws://127.0.0.1:${port}/api/v1/boards`,
  pid: child.pid!,
})

/** Runs a measured phase with the load generator's garbage collected first. */
async function phase<T>(run: () => Promise<T>) {
  collectGarbage()
  await threads.collect()
  return run()
}

try {
  const { accounts, channelId } = await setUp(hearth.url)
  token = accounts.writer
  boardIds = await createBoards(hearth.url, token, channelId, OPENS + 2)
  const [warmId, liveId, ...coldIds] = boardIds
  const seedStarted = performance.now()
  for (const id of [liveId, ...coldIds]) {
    await seedBoard(syncServer('Hearth', PORT, hearth.child).base, id, CARDS, accounts)
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000
  console.log(`filled ${OPENS + 1} Hearth boards of ${CARDS} cards in ${round(seedSeconds)} s`)

  // A restart empties the server's memory: every open below loads from the database.
  await stopServer(hearth.child)
  hearth = await startServer(hearthEnv)
  const hearthServer = syncServer('Hearth', PORT, hearth.child)
  await warmUp(hearthServer, warmId, accounts)
  const hearthOpens = await coldOpens(hearthServer, coldIds, rssMb(hearthServer.pid), accounts)
  open.push(...hearthOpens.clients)

  reference = await startReference()
  const referenceServer = syncServer('reference', reference.port, reference.child)
  await seedBoard(referenceServer.base, warmId, 0, accounts)
  await warmUp(referenceServer, warmId, accounts)
  // The reference keeps what it is sent in memory: its baseline is taken before any card.
  const referenceBaseline = rssMb(referenceServer.pid)
  for (const id of coldIds) await seedBoard(referenceServer.base, id, CARDS, accounts)
  const referenceOpens = await coldOpens(referenceServer, coldIds, referenceBaseline, accounts)
  open.push(...referenceOpens.clients)
  await seedBoard(referenceServer.base, liveId, CARDS, accounts)

  for (const [name, opens] of [
    ['Hearth', hearthOpens],
    ['reference', referenceOpens],
  ] as const) {
    const times = opens.times.map((time) => Math.round(time)).join(', ')
    console.log(`${name} cold opens (ms): ${times}; ${round(opens.perBoard)} MB per open board`)
  }

  const servers = [hearthServer, referenceServer]
  const rounds = servers.map(() => ({
    p50: [] as number[],
    p99: [] as number[],
    delivered: 0,
    expected: 0,
    perSecond: [] as number[],
    serverCpuMs: [] as number[],
    clientCpuMs: [] as number[],
  }))
  // One board's clients at a time (51 replicas, about 700 MB here), connected afresh each round.
  for (let index = 1; index <= ROUNDS; index++) {
    for (const [which, server] of servers.entries()) {
      live = await liveBoard(server, liveId, accounts, threads)
      const spread = await phase(live.propagation)
      const flow = await phase(live.throughput)
      await live.close()
      live = null
      const figures = rounds[which]
      figures.p50.push(spread.p50)
      figures.p99.push(spread.p99)
      figures.delivered += spread.count
      figures.expected += spread.expected
      figures.perSecond.push(flow.perSecond)
      figures.serverCpuMs.push(flow.serverCpuMs)
      figures.clientCpuMs.push(flow.clientCpuMs)
      console.log(
        `round ${index} ${server.name}: ${spread.count}/${spread.expected} seen, ` +
          `p50 ${spread.p50} ms, p99 ${spread.p99} ms | ${round(flow.perSecond)} moves/s, ` +
          `CPU per move: server ${round(flow.serverCpuMs)} ms, ` +
          `load generator ${round(flow.clientCpuMs)} ms`
      )
    }
  }

  const [ours, theirs] = rounds
  const hearthMax = Math.max(...hearthOpens.times)
  const throughput = [median(ours.perSecond), median(theirs.perSecond)]
  const rows: Array<[string, number, number, string, boolean?]> = [
    ['cold open p50, ms', median(hearthOpens.times), median(referenceOpens.times), '<= 300 ms'],
    ['cold open max, ms', hearthMax, Math.max(...referenceOpens.times), '<= 300 ms'],
    ['propagation p50, ms', median(ours.p50), median(theirs.p50), ''],
    ['propagation p99, ms', median(ours.p99), median(theirs.p99), '<= 30 ms'],
    ['throughput, moves/s to all', throughput[0], throughput[1], '>= reference'],
    ['server CPU per move, ms', median(ours.serverCpuMs), median(theirs.serverCpuMs), ''],
    ['load generator CPU per move, ms', median(ours.clientCpuMs), median(theirs.clientCpuMs), ''],
    ['memory per open board, MB', hearthOpens.perBoard, referenceOpens.perBoard, ''],
  ]
  rows[0][4] = rows[0][1] <= 300
  rows[1][4] = hearthMax <= 300
  rows[3][4] = rows[3][1] <= 30
  rows[4][4] = throughput[0] >= throughput[1]
  const table = [
    ['figure', 'Hearth', 'reference', 'ratio', 'target', ''],
    ...rows.map(([label, hearthValue, referenceValue, target, met]) => [
      label,
      String(round(hearthValue)),
      String(round(referenceValue)),
      `${round(hearthValue / referenceValue)}x`,
      target,
      met === undefined ? '' : met ? 'met' : 'missed',
    ]),
  ]
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)))
  console.log(
    `\n${CARDS} cards a board, ${CLIENTS} listeners, ${RATE} moves/s for ${SECONDS} s, window ` +
      `${WINDOW}; medians of ${ROUNDS} rounds; Hearth on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`
  )
  for (const row of table) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '))
  }
  console.log(
    [
      `moves seen: Hearth ${ours.delivered}/${ours.expected}, reference ${theirs.delivered}/${theirs.expected}`,
      `Cold opens: ${OPENS} boards one after another, each by a fresh client kept open to the end.`,
      'Hearth loads each from the database (restarted after seeding, warmed up on one empty',
      'board); the reference has no database and holds what it was sent in memory, so its',
      'figure is a fresh client syncing from memory. Memory: RSS after those opens minus RSS',
      'before them (the reference: before its boards were sent to it), per board.',
      `Throughput: the writer keeps ${WINDOW} moves in flight, each until every listener has it.`,
      `Both servers, the load generator (one process: the writer, and ${threads.size} threads of`,
      `listeners) and the database share the 2 cores of this machine; latencies include`,
      "client-side queueing, and the load generator's CPU per move bounds both throughputs.",
    ].join('\n')
  )
  printCommand()
} finally {
  await live?.close()
  open.forEach(disconnect)
  await threads.terminate()
  if (onPostgres && token) {
    for (const id of boardIds)
      await apiCall(hearth.url, { token }, 'DELETE', `/api/v1/boards/${id}`, undefined, 204)
  }
  if (reference) await stopServer(reference.child)
  await stopServer(hearth.child)
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
}

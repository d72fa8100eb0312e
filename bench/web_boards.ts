/*
|--------------------------------------------------------------------------
| Boards in the browser: the kanban on the live Yjs document, in Chromium
|--------------------------------------------------------------------------
|
| Starts a Hearth server (production mode and build, a fresh SQLite database
| in a temporary DATA_DIR), makes boards of --sizes cards (1,000 and 2,000;
| filled over a socket like bench/boards.ts) in a channel of two accounts,
| and drives Debian's Chromium signed in as them:
|
| 1. cold open (a fresh context: no cache, no IndexedDB copy): navigation
|    start → the first frame with cards on the kanban, and → "Live";
|    baseline: a bare WebSocket in a page of the same origin, from `new
|    WebSocket` to the server's whole document (sync step 2) received;
| 2. warm open (the same context again: the browser's IndexedDB copy):
|    navigation start → cards on the kanban; baseline: reading that copy's
|    IndexedDB store raw, in the same page;
| 3. a card moved by keyboard in one browser (space, →, space) → the frame
|    in which the other browser shows it in its new column, p50/p99, and
|    long tasks over 50 ms in both pages meanwhile; baseline: a message
|    relayed between the two pages by a bare `ws` server in this process,
|    to the frame after it arrives;
| 4. long tasks while scrolling the table view of the largest board from
|    top to bottom; baseline: the same scroll of a static table of as many
|    plain rows;
| 5. the JavaScript the board route loads on top of the chat route,
|    gzipped (target ≤ 120 KB).
|
| Targets (issue 15): cold ≤ 1 s at 1,000 cards, warm ≤ 300 ms, move
| p50/p99 ≤ 150/400 ms, no long tasks dragging or scrolling the table.
| --smoke: one small board, few rounds (CI checks that all was seen).
|
*/
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { seedBoard } from './board_clients.js'
import { printProfile, startProfile } from './web_profile.js'
import {
  BENCH_PASSWORD,
  ROOT,
  apiCall,
  benchToken,
  flag,
  median,
  printCommand,
  round,
  signUp,
  startServer,
  stopServer,
} from './lib.js'
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/helpers/chromium.js'

const SMOKE = process.argv.includes('--smoke')
const SIZES = flag('sizes', SMOKE ? '200' : '1000,2000')
  .split(',')
  .map(Number)
const ROUNDS = Number(flag('rounds', SMOKE ? '2' : '5'))
const MOVES = Number(flag('moves', SMOKE ? '5' : '30'))
const PORT = flag('port', '3357')
const VIEWPORT = { width: 1280, height: 800 }
const TIMEOUT_MS = 30_000
/** Prints CPU profiles of the first cold and warm opens. */
const PROFILE = process.argv.includes('--profile')

/** The page's globals, for the functions that run in it (see bench/web_chat.ts). */
declare const document: any
declare const window: any
declare const performance: any
declare const indexedDB: any
declare const WebSocket: any
declare const requestAnimationFrame: (callback: (now: number) => void) => number

/**
 * Runs in every page before its scripts (addInitScript; one self-contained function): long
 * tasks, the time of the last space key pressed, and the frames in which the kanban first
 * shows cards and the board first says "Live" (page clock).
 */
function installBoardProbe() {
  const longTasks: Array<{ start: number; duration: number }> = []
  try {
    new window.PerformanceObserver((list: any) => {
      for (const entry of list.getEntries()) {
        longTasks.push({ start: entry.startTime, duration: entry.duration })
      }
    }).observe({ type: 'longtask', buffered: true })
  } catch {}
  const frameWhen = (test: () => boolean) =>
    new Promise<number>((resolve) => {
      const check = (now: number) => (test() ? resolve(now) : requestAnimationFrame(check))
      requestAnimationFrame(check)
    })
  const probe: any = {
    longTasks,
    spaceAt: 0,
    cards: frameWhen(() => document.querySelector('.kanban article') !== null),
    live: frameWhen(() =>
      (document.querySelector('.board-page__status')?.textContent ?? '').includes('Live')
    ),
  }
  window.__board = probe
  window.addEventListener(
    'keydown',
    (event: any) => {
      if (event.key === ' ') probe.spaceAt = performance.timeOrigin + performance.now()
    },
    true
  )
}

const build = spawnSync(process.execPath, ['bin/web_build.js'], { cwd: ROOT, stdio: 'inherit' })
if (build.status !== 0) throw new Error('the web app did not build')

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-web-boards-bench-'))
const { url, child } = await startServer({
  PORT,
  HOST: '127.0.0.1',
  APP_KEY: randomBytes(32).toString('base64url'),
  DB_CONNECTION: 'sqlite',
  DATA_DIR: dataDir,
})
const syncBase = `${url.replace('http', 'ws')}/api/v1/boards`
const pageErrors: string[] = []

type Made = { id: string; cards: number; path: string; tableViewId: string | null }

/** The bench account (who seeds), a peer in its team, a channel, and the boards. */
async function setUp() {
  await signUp(url, 'bench')
  const token = await benchToken(url, 'web-boards', ['read', 'write'])
  const auth = { token }
  const me = await apiCall(url, auth, 'GET', '/api/v1/users/me')
  const team = await apiCall(url, auth, 'POST', '/api/v1/teams', { name: 'Bench' }, 201)
  await signUp(url, 'peer', team.inviteCode)
  const peer = { token: await benchToken(url, 'web-boards', ['read', 'write'], 'peer') }
  const body = { type: 'public', name: 'planning', displayName: 'Planning' }
  const channel = await apiCall(url, auth, 'POST', `/api/v1/teams/${team.id}/channels`, body, 201)
  await apiCall(url, peer, 'POST', `/api/v1/channels/${channel.id}/join`, {})
  const boards: Made[] = []
  for (const cards of SIZES) {
    const board = await apiCall(
      url,
      auth,
      'POST',
      `/api/v1/channels/${channel.id}/boards`,
      { title: `Board of ${cards}`, template: 'project_tasks' },
      201
    )
    await seedBoard(syncBase, board.id, cards, { userId: me.id, writer: token })
    // The server projects the cards and opens their threads after the updates are stored:
    // measured opens start once that work is done, as on a board that has been in use.
    let doc = await apiCall(url, auth, 'GET', `/api/v1/boards/${board.id}/document`)
    for (
      let tries = 0;
      doc.cards.some((card: { threadId: string | null }) => !card.threadId);
      tries++
    ) {
      if (tries > 600) throw new Error('the cards never got their threads')
      await sleep(500)
      doc = await apiCall(url, auth, 'GET', `/api/v1/boards/${board.id}/document`)
    }
    const table = doc.views.find((view: { kind: string }) => view.kind === 'table')
    boards.push({
      id: board.id,
      cards,
      path: `/teams/${team.id}/channels/${channel.id}/boards/${board.id}`,
      tableViewId: table?.id ?? null,
    })
  }
  return { teamId: team.id as string, channelId: channel.id as string, userId: me.id, boards }
}

/** A signed-in browser session (cookies), through the login page as a person would. */
async function signIn(browser: Browser, username: string) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  await page.goto(`${url}/login`)
  await page.getByLabel('Username or email').fill(username)
  await page.getByLabel('Password').fill(BENCH_PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/(teams|welcome)/)
  const state = await context.storageState()
  await context.close()
  return state
}

type State = Awaited<ReturnType<typeof signIn>>

async function newContext(browser: Browser, state: State) {
  const context = await browser.newContext({ viewport: VIEWPORT, storageState: state })
  await context.addInitScript(installBoardProbe)
  return context
}

async function newPage(context: BrowserContext) {
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (entry) => {
    if (entry.type() === 'error') pageErrors.push(`console: ${entry.text()}`)
  })
  return page
}

/** Opens a board in a new page: navigation start → cards on the kanban, → "Live" (ms). */
async function openBoard(context: BrowserContext, path: string, profile: string | null = null) {
  const page = await newPage(context)
  const profiler = profile ? await startProfile(page) : null
  await page.goto(`${url}${path}`, { waitUntil: 'commit' })
  const seen = await page.evaluate(
    (timeout) =>
      Promise.race([
        Promise.all([window.__board.cards, window.__board.live]).then(([cards, live]) => ({
          cards,
          live,
        })),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no board')), timeout)),
      ]),
    TIMEOUT_MS
  )
  if (profiler) await printProfile(profiler, profile!)
  return { page, ...(seen as { cards: number; live: number }) }
}

/** The server's floor for a cold open: the whole document over a bare socket (ms, bytes). */
function bareDocument(page: Page, boardId: string) {
  return page.evaluate(
    ({ address, timeout }) =>
      new Promise<{ ms: number; bytes: number }>((resolve, reject) => {
        const started = performance.now()
        const socket = new WebSocket(address)
        socket.binaryType = 'arraybuffer'
        const timer = setTimeout(() => reject(new Error('no document')), timeout)
        // Sync step 1 with an empty state vector: "send me everything".
        socket.onopen = () => socket.send(new Uint8Array([0, 0, 1, 0]))
        socket.onmessage = (event: any) => {
          const bytes = new Uint8Array(event.data)
          if (bytes[0] !== 0 || bytes[1] !== 1) return
          clearTimeout(timer)
          resolve({ ms: performance.now() - started, bytes: bytes.length })
          socket.close()
        }
      }),
    { address: `${syncBase}/${boardId}/sync`, timeout: TIMEOUT_MS }
  )
}

/** The floor for a warm open: the board's IndexedDB copy read raw (ms, updates). */
function bareCopy(page: Page, name: string) {
  return page.evaluate(
    (database) =>
      new Promise<{ ms: number; updates: number }>((resolve, reject) => {
        const started = performance.now()
        const opening = indexedDB.open(database)
        opening.onerror = () => reject(new Error('no copy'))
        opening.onsuccess = () => {
          const db = opening.result
          const reading = db.transaction('updates').objectStore('updates').getAll()
          reading.onsuccess = () => {
            resolve({ ms: performance.now() - started, updates: reading.result.length })
            db.close()
          }
        }
      }),
    name
  )
}

async function opens(browser: Browser, state: State, userId: string, board: Made) {
  const cold: number[] = []
  const live: number[] = []
  const warm: number[] = []
  const bare: number[] = []
  const copy: number[] = []
  let bytes = 0
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    const context = await newContext(browser, state)
    const coldProfile = PROFILE && roundIndex === 0 ? `a cold open of ${board.cards} cards` : null
    const first = await openBoard(context, board.path, coldProfile)
    cold.push(first.cards)
    live.push(first.live)
    const socket = await bareDocument(first.page, board.id)
    bare.push(socket.ms)
    bytes = socket.bytes
    await first.page.close()
    const profile = PROFILE && roundIndex === 0 ? `a warm open of ${board.cards} cards` : null
    const again = await openBoard(context, board.path, profile)
    warm.push(again.cards)
    const read = await bareCopy(again.page, `hearth-board:${userId}:${board.id}`)
    if (read.updates === 0) throw new Error('the IndexedDB copy is empty')
    copy.push(read.ms)
    await context.close()
  }
  return { cold, live, warm, bare, copy, bytes, ...(await switches(browser, state, board)) }
}

/** Click → the first frame with cards on the kanban (ms), armed before the click. */
async function clickToCards(page: Page, link: ReturnType<Page['getByRole']>) {
  const seen = page.evaluate(
    (timeout) =>
      new Promise<number>((resolve, reject) => {
        let clickAt = 0
        window.addEventListener('click', () => (clickAt = performance.now()), {
          capture: true,
          once: true,
        })
        const check = (now: number) => {
          if (clickAt && document.querySelector('.kanban article')) resolve(now - clickAt)
          else if (clickAt && now - clickAt > timeout) reject(new Error('no cards after the click'))
          else requestAnimationFrame(check)
        }
        requestAnimationFrame(check)
      }),
    TIMEOUT_MS
  )
  await page.evaluate(() => true)
  await link.click()
  return seen
}

/**
 * Opening the board from the chat screen, as people do: its sidebar link clicked in a tab
 * that shows the channel; first in a fresh context (nothing held), then again after going
 * back to the channel (the IndexedDB copy and the board's code held).
 */
async function switches(browser: Browser, state: State, board: Made) {
  const switchCold: number[] = []
  const switchWarm: number[] = []
  const channelPath = board.path.replace(/\/boards\/.*$/, '')
  for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
    const context = await newContext(browser, state)
    const page = await newPage(context)
    await page.goto(`${url}${channelPath}`)
    const sidebar = page.getByRole('navigation', { name: 'Channels' })
    const boardLink = sidebar.getByRole('link', {
      name: new RegExp(`Board of ${board.cards}(?!\\d)`),
    })
    await boardLink.waitFor({ timeout: TIMEOUT_MS })
    switchCold.push(await clickToCards(page, boardLink))
    await page.locator('.board-page__status').getByText('Live').waitFor({ timeout: TIMEOUT_MS })
    await sidebar.getByRole('link', { name: /^Planning/ }).click()
    await page.getByRole('log', { name: 'Messages' }).waitFor({ timeout: TIMEOUT_MS })
    switchWarm.push(await clickToCards(page, boardLink))
    await context.close()
  }
  return { switchCold, switchWarm }
}

/** The columns' labels and how many cards each shows (the first screenful of each). */
function columnsOn(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.kanban .column')].map((column: any) => ({
      label: column.querySelector('h3')?.textContent?.trim() ?? '',
      titles: [...column.querySelectorAll('.card__title')]
        .slice(0, 20)
        .map((title: any) => title.textContent.trim()),
    }))
  )
}

/** In the other page: the frame (timeOrigin + ms) in which `title` shows under `label`. */
function watchMove(page: Page, title: string, label: string) {
  return page.evaluate(
    ({ wanted, column, timeout }) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now()
        const check = (now: number) => {
          for (const section of document.querySelectorAll('.kanban .column')) {
            if (section.querySelector('h3')?.textContent?.trim() !== column) continue
            for (const entry of section.querySelectorAll('.card__title')) {
              if (entry.textContent.trim() === wanted) return resolve(performance.timeOrigin + now)
            }
          }
          if (now - started > timeout) reject(new Error(`"${wanted}" never reached ${column}`))
          else requestAnimationFrame(check)
        }
        requestAnimationFrame(check)
      }),
    { wanted: title, column: label, timeout: TIMEOUT_MS }
  )
}

const longTasksSince = (page: Page, since: number) =>
  page.evaluate(
    (from) => window.__board.longTasks.filter((task: any) => task.start >= from).length,
    since
  )

async function moves(mover: Page, watcher: Page) {
  const latencies: number[] = []
  const startedAt = await Promise.all(
    [mover, watcher].map((p) => p.evaluate(() => performance.now()))
  )
  for (let index = 0; index < MOVES; index++) {
    const columns = await columnsOn(mover)
    const from = columns.findIndex(
      (column, at) => at < columns.length - 1 && column.titles.length > 0
    )
    if (from < 0) throw new Error('no card to move')
    const title = columns[from].titles[index % columns[from].titles.length]
    const target = columns[from + 1].label
    const held = mover.locator('.kanban .column').nth(from).getByRole('article', { name: title })
    await held.focus()
    await mover.keyboard.press(' ')
    await mover.keyboard.press('ArrowRight')
    const seen = watchMove(watcher, title, target)
    await mover.keyboard.press(' ')
    const arrived = await seen
    const pressed = await mover.evaluate(() => window.__board.spaceAt)
    latencies.push(arrived - pressed)
    await watchMove(mover, title, target)
  }
  const longTasks =
    (await longTasksSince(mover, startedAt[0])) + (await longTasksSince(watcher, startedAt[1]))
  return { latencies, longTasks }
}

function freePort() {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** The bare floor of a move: page → a `ws` relay here → the other page, to the next frame. */
async function bareRelay(one: Page, two: Page) {
  const port = await freePort()
  const relay = new WebSocketServer({ port, host: '127.0.0.1' })
  const sockets: ServerSocket[] = []
  relay.on('connection', (socket) => {
    sockets.push(socket)
    socket.on('message', (data) => sockets.filter((s) => s !== socket).forEach((s) => s.send(data)))
  })
  const address = `ws://127.0.0.1:${port}`
  const connectPage = (page: Page) =>
    page.evaluate(
      (to) =>
        new Promise<void>((resolve) => {
          const socket = new WebSocket(to)
          window.__relay = socket
          socket.onopen = () => resolve()
        }),
      address
    )
  await connectPage(one)
  await connectPage(two)
  const latencies: number[] = []
  for (let index = 0; index < MOVES; index++) {
    const arrived = two.evaluate(
      () =>
        new Promise<number>((resolve) => {
          window.__relay.onmessage = () =>
            requestAnimationFrame((now) => resolve(performance.timeOrigin + now))
        })
    )
    // The listener is set before the send: the page runs evaluations in order.
    await two.evaluate(() => true)
    const sent = await one.evaluate(() => {
      const at = performance.timeOrigin + performance.now()
      window.__relay.send(JSON.stringify({ move: at }))
      return at
    })
    latencies.push((await arrived) - sent)
  }
  relay.close()
  return latencies
}

/** Scrolls the element matching `selector` to its end, a step every two frames. */
function scrollToEnd(page: Page, selector: string) {
  return page.evaluate(
    (target) =>
      new Promise<{ steps: number; started: number }>((resolve, reject) => {
        const grid = document.querySelector(target)
        if (!grid) return reject(new Error(`no ${target}`))
        let scroller = grid
        while (scroller && scroller.scrollHeight <= scroller.clientHeight + 1) {
          scroller = scroller.parentElement
        }
        if (!scroller) return reject(new Error('nothing scrolls'))
        const started = performance.now()
        let steps = 0
        let frame = 0
        const tick = () => {
          frame += 1
          if (frame % 2 === 0) {
            scroller.scrollTop += 400
            steps += 1
          }
          if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) {
            resolve({ steps, started })
          } else requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      }),
    selector
  )
}

async function tableScroll(context: BrowserContext, board: Made) {
  if (!board.tableViewId) throw new Error('the template has no table view')
  const page = await newPage(context)
  await page.goto(`${url}${board.path}?view=${board.tableViewId}`)
  await page.locator('[role=grid] [role=row]').nth(2).waitFor({ timeout: TIMEOUT_MS })
  const { steps, started } = await scrollToEnd(page, '[role=grid]')
  const longTasks = await longTasksSince(page, started)
  const rows = await page.locator('[role=grid] [role=row]').count()

  const plain = await newPage(context)
  const cells = Array.from(
    { length: board.cards },
    (_, i) => `<tr><td>Card ${i}</td><td>To do</td><td>2027-01-01</td></tr>`
  )
  await plain.setContent(
    `<div id="box" style="height:700px;overflow:auto"><table role="grid">${cells.join('')}</table></div>`
  )
  const baseline = await scrollToEnd(plain, '#box')
  const plainTasks = await plain.evaluate(
    (from) =>
      performance.getEntriesByType('longtask').filter((task: any) => task.startTime >= from).length,
    baseline.started
  )
  await page.close()
  await plain.close()
  return { steps, longTasks, rows, plainTasks }
}

/** Gzipped JS the board route loads on top of the chat route (a router navigation). */
async function boardJs(context: BrowserContext, teamId: string, channelId: string, board: Made) {
  const page = await newPage(context)
  const scripts = (): Promise<string[]> =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry: any) => entry.name)
        .filter((name: string) => name.endsWith('.js'))
    )
  await page.goto(`${url}/teams/${teamId}/channels/${channelId}`)
  await page.getByRole('log', { name: 'Messages' }).waitFor()
  const chat = new Set(await scripts())
  await page
    .getByRole('link', { name: new RegExp(`Board of ${board.cards}(?!\\d)`) })
    .first()
    .click()
  await page.locator('.kanban article').first().waitFor({ timeout: TIMEOUT_MS })
  const onBoard = await scripts()
  const extra = onBoard.filter((name) => !chat.has(name))
  let bytes = 0
  for (const name of extra) {
    const file = new URL(name).pathname
    bytes += gzipSync(readFileSync(new URL(`public${file}`, ROOT))).length
  }
  await page.close()
  return { chunks: extra.length, kb: bytes / 1024 }
}

const ratio = (value: number, base: number) => (base > 0 ? `${round(value / base)}x` : 'n/a')
const p99 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
try {
  const made = await setUp()
  const benchState = await signIn(browser, 'bench')
  const peerState = await signIn(browser, 'peer')
  const rows: string[][] = []
  let openFigures: Awaited<ReturnType<typeof opens>> | null = null
  for (const board of made.boards) {
    openFigures = await opens(browser, benchState, made.userId, board)
    const o = openFigures
    console.log(
      `${board.cards} cards: cold ${o.cold.map(round).join(', ')} ms; live ${o.live.map(round).join(', ')}; warm ${o.warm.map(round).join(', ')}; bare document ${o.bare.map(round).join(', ')} (${round(o.bytes / 1024)} KB); bare copy ${o.copy.map(round).join(', ')}; from the sidebar ${o.switchCold.map(round).join(', ')}, again ${o.switchWarm.map(round).join(', ')}`
    )
    rows.push([
      `cold open, ${board.cards} cards, to cards (ms)`,
      `${round(median(o.cold))}`,
      `${round(median(o.bare))}`,
      ratio(median(o.cold), median(o.bare)),
    ])
    rows.push([
      `cold open, ${board.cards} cards, to Live (ms)`,
      `${round(median(o.live))}`,
      `${round(median(o.bare))}`,
      ratio(median(o.live), median(o.bare)),
    ])
    rows.push([
      `from the sidebar, first time, ${board.cards} cards (ms)`,
      `${round(median(o.switchCold))}`,
      `${round(median(o.bare))}`,
      ratio(median(o.switchCold), median(o.bare)),
    ])
    rows.push([
      `from the sidebar, again, ${board.cards} cards (ms)`,
      `${round(median(o.switchWarm))}`,
      `${round(median(o.copy))}`,
      ratio(median(o.switchWarm), median(o.copy)),
    ])
    rows.push([
      `warm open, ${board.cards} cards (ms)`,
      `${round(median(o.warm))}`,
      `${round(median(o.copy))}`,
      ratio(median(o.warm), median(o.copy)),
    ])
  }

  // Moves on the largest board of at most 1,000 cards, between the two accounts.
  const live = [...made.boards].reverse().find((board) => board.cards <= 1000) ?? made.boards[0]
  const one = await newContext(browser, benchState)
  const two = await newContext(browser, peerState)
  const mover = await openBoard(one, live.path)
  const watcher = await openBoard(two, live.path)
  const moved = await moves(mover.page, watcher.page)
  // Blank pages of the same two browsers: the app's Content-Security-Policy allows no
  // socket to another port.
  const relay = await bareRelay(await newPage(one), await newPage(two))
  console.log(
    `moves (${live.cards} cards): ${moved.latencies.map(round).join(', ')} ms; bare relay ${relay.map(round).join(', ')} ms`
  )
  rows.push([
    `move → other browser p50 (ms)`,
    `${round(median(moved.latencies))}`,
    `${round(median(relay))}`,
    ratio(median(moved.latencies), median(relay)),
  ])
  rows.push([
    `move → other browser p99 (ms)`,
    `${round(p99(moved.latencies))}`,
    `${round(p99(relay))}`,
    ratio(p99(moved.latencies), p99(relay)),
  ])
  rows.push([`long tasks over ${MOVES} moves, both pages`, `${moved.longTasks}`, '0', '-'])

  const largest = made.boards[made.boards.length - 1]
  const table = await tableScroll(one, largest)
  rows.push([
    `long tasks scrolling the table of ${largest.cards} (${table.steps} steps)`,
    `${table.longTasks}`,
    `${table.plainTasks}`,
    '-',
  ])
  rows.push([`table rows in the DOM at the end`, `${table.rows}`, `${largest.cards}`, '-'])

  const js = await boardJs(one, made.teamId, made.channelId, live)
  rows.push([
    `board route JS on top of chat (KB gz, ${js.chunks} chunks)`,
    `${round(js.kb)}`,
    '120 budget',
    ratio(js.kb, 120),
  ])
  await one.close()
  await two.close()

  if (pageErrors.length > 0) throw new Error(`the pages reported errors:\n${pageErrors.join('\n')}`)
  console.log(
    `\n${made.boards.map((b) => b.cards).join(' and ')} cards (project_tasks, bench/board_clients.ts seedBoard); ${ROUNDS} rounds, ${MOVES} moves; Chromium, ${VIEWPORT.width}×${VIEWPORT.height}, SQLite`
  )
  const header = ['figure', 'Hearth', 'baseline', 'ratio']
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)))
  for (const row of [header, ...rows]) {
    console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '))
  }
  console.log(`
Cold: navigation start → the first frame with cards on the kanban (and → "Live"), in a
fresh context; baseline: a bare WebSocket on the same route receiving the whole document.
Warm: the same context again (IndexedDB copy); baseline: that copy's store read raw. Moves:
space, →, space in one browser → the frame in which the other shows the card in its new
column; baseline: a message relayed page → ws server → page, to the next frame. Targets:
cold ≤ 1000 ms at 1,000 cards, warm ≤ 300 ms, moves p50/p99 ≤ 150/400 ms, no long tasks.`)
  printCommand()
} finally {
  await browser.close()
  await stopServer(child)
  await rm(dataDir, { recursive: true, force: true })
}

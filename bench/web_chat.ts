/*
|--------------------------------------------------------------------------
| The web app's speed in headless Chromium
|--------------------------------------------------------------------------
|
| Starts a Hearth server (production mode, the production build of the web
| app, a fresh SQLite database in a temporary DATA_DIR), seeds it through
| the real API (accounts, a team, channels, --posts (10,000) messages in one
| channel by four writers, some of them replies, read state), and drives
| Debian's Chromium (playwright-core, the flags of tests/helpers/browser.ts)
| signed in as a reader:
|
| 1. cold loads of that channel (a fresh browser context each: no cache, no
|    connection): first paint, and navigation start → message rows on
|    screen; baseline: a static page painting 50 rows, and the page's raw
|    fetch of the posts the app asks for first (the server's floor);
| 2. DOM nodes under [role=log] after opening and after scrolling up
|    through --scroll (2,000) messages;
| 3. channel switches, click in the sidebar → the channel's rows on screen:
|    to a channel held in memory, and to one never opened; baselines: 50
|    plain rows put on the page, and the raw fetch of a never-opened one;
| 4. long tasks (over 50 ms) while scrolling up through --scroll messages,
|    older pages loading as it goes, and how far the first message on
|    screen moves other than by the scroll (a jump); baseline: the same
|    scroll back down through what is already held;
| 5. post → on screen in a second browser: a writer's page posts through the
|    API with its session, the reader's page has the channel open; baseline:
|    a bare EventSource on the same Transmit stream in the reader's page.
|
| Figures are medians over --rounds (5; --smoke: a smaller channel, fewer
| rounds, for CI, which checks that everything measured was seen).
|
*/
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import {
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
  summarise,
} from './lib.js'
import { installProbe, type Probe } from './web_probe.js'
import { printProfile, startProfile } from './web_profile.js'
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/helpers/chromium.js'

const SMOKE = process.argv.includes('--smoke')
const POSTS = Number(flag('posts', SMOKE ? '1500' : '10000'))
const SCROLL = Number(flag('scroll', SMOKE ? '300' : '2000'))
const ROUNDS = Number(flag('rounds', SMOKE ? '2' : '5'))
const SCROLL_ROUNDS = Number(flag('scroll-rounds', SMOKE ? '1' : '3'))
const LIVE = Number(flag('live', SMOKE ? '5' : '50'))
const PORT = flag('port', '3355')
/** Prints a CPU profile of the first cold load and the first scroll up. */
const PROFILE = process.argv.includes('--profile')
/** Pixels scrolled per step; a step is measured two frames later (see `scrollThrough`). */
const STEP_PX = 300
/** Messages in each channel opened by a switch: more than the app's first page (50). */
const SMALL_CHANNEL = 120
/** Unread messages at the end of the large channel when it opens. */
const UNREAD = 5
const WRITERS = 4

const VIEWPORT = { width: 1280, height: 800 }

/**
 * The page's globals, for the functions that run in it: the server's tsconfig has no DOM
 * types, and adding them there would change Node's `fetch` and `Blob` types everywhere.
 */
declare const document: any
declare const window: any
declare const performance: any
declare const getComputedStyle: any
declare const requestAnimationFrame: (callback: (now: number) => void) => number
declare const EventSource: any

const WORDS = (
  'the a to and of we it is in for on this that ship deploy review merge fix bug board card ' +
  'sprint meeting today tomorrow please thanks done blocked waiting test build release api ' +
  'database query index latency cache queue worker retry timeout alert ok sounds good lgtm'
).split(' ')
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]
const words = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ')

/** A chat message: mostly a sentence, sometimes with markdown, a link, a list or code. */
function message(index: number) {
  const text = words(4 + Math.floor(Math.random() * 24))
  switch (index % 12) {
    case 3:
      return `**${words(2)}** ${text} \`${pick(WORDS)}.${pick(WORDS)}()\``
    case 7:
      return `${text} https://example.test/${pick(WORDS)}/${index}`
    case 9:
      return `${words(5)}:\n\n- ${words(6)}\n- ${words(4)}\n- ${words(7)}`
    case 11:
      return `${words(3)}\n\n\`\`\`\n${words(5)}\n${words(4)}\n\`\`\``
    default:
      return text
  }
}

type Account = { username: string; token: string }
type ChannelRef = { id: string; name: string }

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-web-bench-'))
// The production build of the web app, made by bin/web_build.js unless public/ holds it.
const build = spawnSync(process.execPath, ['bin/web_build.js'], { cwd: ROOT, stdio: 'inherit' })
if (build.status !== 0) throw new Error('the web app did not build')
const { url, child } = await startServer({
  PORT,
  HOST: '127.0.0.1',
  APP_KEY: randomBytes(32).toString('base64url'),
  DB_CONNECTION: 'sqlite',
  DATA_DIR: dataDir,
})

/** The first account (admin, the reader), four writers, a team, and its channels. */
async function setUp() {
  await signUp(url, 'bench')
  const reader = { username: 'bench', token: await benchToken(url, 'web', ['read', 'write']) }
  const auth = { token: reader.token }
  const team = await apiCall(url, auth, 'POST', '/api/v1/teams', { name: 'Bench' }, 201)
  const writers: Account[] = []
  for (let index = 1; index <= WRITERS; index++) {
    const username = `writer${index}`
    await signUp(url, username, team.inviteCode)
    writers.push({ username, token: await benchToken(url, 'web', ['read', 'write'], username) })
  }
  async function channel(name: string): Promise<ChannelRef> {
    const body = { type: 'public', name, displayName: name }
    const made = await apiCall(url, auth, 'POST', `/api/v1/teams/${team.id}/channels`, body, 201)
    for (const writer of writers) {
      await apiCall(url, { token: writer.token }, 'POST', `/api/v1/channels/${made.id}/join`, {})
    }
    return { id: made.id, name }
  }
  const big = await channel('history')
  const live = await channel('live')
  const warm = await channel('warm')
  const fresh: ChannelRef[] = []
  const raw: ChannelRef[] = []
  for (let index = 1; index <= ROUNDS; index++) {
    fresh.push(await channel(`fresh-${index}`))
    raw.push(await channel(`raw-${index}`))
  }
  return { teamId: team.id as string, reader, writers, big, live, warm, fresh, raw }
}

/**
 * Posts `count` messages into a channel through the API, from the writers in turn (four at a
 * time); one in twenty is a reply to a recent message, so it shows in a thread, not the list.
 */
async function fill(channelId: string, count: number, writers: Account[]) {
  const roots: string[] = []
  let next = 0
  await Promise.all(
    writers.map(async (writer) => {
      while (next < count) {
        const index = next++
        const rootId = roots.length > 20 && index % 20 === 0 ? pick(roots.slice(-20)) : undefined
        const body = { message: message(index), rootId }
        const post = await apiCall(
          url,
          { token: writer.token },
          'POST',
          `/api/v1/channels/${channelId}/posts`,
          body,
          201
        )
        if (!rootId) roots.push(post.id)
      }
    })
  )
}

/** Marks the reader's channel read but for its last UNREAD messages (opened at the line). */
async function leaveUnread(reader: Account, channelId: string) {
  const auth = { token: reader.token }
  const latest = await apiCall(
    url,
    auth,
    'GET',
    `/api/v1/channels/${channelId}/posts?limit=${UNREAD}`
  )
  const first = [...latest.data].sort((a: any, b: any) => a.seq - b.seq)[0]
  await apiCall(url, auth, 'POST', `/api/v1/posts/${first.id}/unread`, {})
}

/** A signed-in browser session (cookies), made through the login page as a person would. */
async function signIn(browser: Browser, username: string) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  await page.goto(`${url}/login`)
  await page.getByLabel('Username or email').fill(username)
  await page.getByLabel('Password').fill('bench password 1')
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/teams\//)
  const state = await context.storageState()
  await context.close()
  return state
}

type State = Awaited<ReturnType<typeof signIn>>
const pageErrors: string[] = []

/** A fresh context (empty cache, no open connection) with the probe, on `address`. */
async function openPage(
  browser: Browser,
  state: State | undefined,
  address: string,
  profile: string | null = null
) {
  const context: BrowserContext = await browser.newContext({
    viewport: VIEWPORT,
    storageState: state,
  })
  await context.addInitScript(installProbe)
  const page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(`${address}: ${error.message}`))
  page.on('console', (entry) => {
    if (entry.type() === 'error') pageErrors.push(`${address}: console: ${entry.text()}`)
  })
  const profiler = profile ? await startProfile(page) : null
  await page.goto(address, { waitUntil: 'commit' })
  await page.waitForFunction(() => window.__bench !== undefined)
  const seen = await page.evaluate(() => window.__bench.initial)
  if (profiler) await printProfile(profiler, profile!)
  return { context, page, seen }
}

function paintsOf(page: Page) {
  return page.evaluate(() => {
    const entry = (name: string) =>
      performance.getEntriesByType('paint').find((paint: { name: string }) => paint.name === name)
        ?.startTime ?? Number.NaN
    return { firstPaint: entry('first-paint'), contentful: entry('first-contentful-paint') }
  })
}

function logNodes(page: Page) {
  return page.evaluate(() => {
    const log = document.querySelector('[role=log]')
    return log ? log.getElementsByTagName('*').length + 1 : 0
  })
}

/** The requests of the page load, in order: where the time to the first rows went. */
function timeline(page: Page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as any
    const lines = [`  document: responseEnd ${Math.round(nav.responseEnd)} ms`]
    for (const entry of performance.getEntriesByType('resource') as any[]) {
      const name = new URL(entry.name).pathname + new URL(entry.name).search
      lines.push(
        `  ${Math.round(entry.startTime)}–${Math.round(entry.responseEnd)} ms ${name.slice(0, 90)}`
      )
    }
    return lines.join('\n')
  })
}

/** The page fetching what the app first asks for, raw: the server's floor (ms). */
function rawFetch(page: Page, channelId: string) {
  return page.evaluate(async (id) => {
    const started = performance.now()
    const response = await fetch(`/api/v1/channels/${id}/posts?around=unread&limit=50`, {
      headers: { accept: 'application/json' },
    })
    await response.json()
    if (!response.ok) throw new Error(`the posts answered ${response.status}`)
    return performance.now() - started
  }, channelId)
}

type ScrollFigures = {
  messages: number
  seconds: number
  longTasks: number[]
  maxJump: number
  loadJump: number
  loads: number
  nodes: number
  maxNodes: number
}

/**
 * Scrolls the message list by STEP_PX a step (up, or back down) until `messages` different
 * rows have been on the page. Each step reads where the first message on screen is, scrolls,
 * lets a frame pass (virtua measures and corrects in it) and reads it again on the next: a
 * difference from the distance scrolled is a jump. A step in which an older page was fetched,
 * or the step after it, counts as a page load's; long tasks are those that started meanwhile.
 */
function scrollThrough(page: Page, messages: number, direction: 1 | -1) {
  return page.evaluate(
    async ({ count, step, sign }) => {
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve))
      const log = document.querySelector('[role=log]')!
      const scroller = [...log.querySelectorAll('*')].find((element) => {
        const overflow = getComputedStyle(element).overflowY
        return (overflow === 'auto' || overflow === 'scroll') && element.scrollHeight > 0
      })!
      const probe: Probe = window.__bench
      /** Older pages fetched so far (`?before=`): one more in a step means a page loaded. */
      const olderPages = () =>
        performance
          .getEntriesByType('resource')
          .filter((entry: { name: string }) => entry.name.includes('/posts?before=')).length
      const seen = new Set<string>()
      const started = performance.now()
      let maxJump = 0
      let loadJump = 0
      let loads = 0
      let maxNodes = 0
      let stuck = 0
      let fetchedBefore = false
      while (seen.size < count) {
        if (performance.now() - started > 120_000) {
          throw new Error(`scrolled through only ${seen.size} messages in 120 s`)
        }
        const anchor = probe.topRow()
        const anchorSeq = anchor?.dataset.seq
        const anchorTop = anchor?.getBoundingClientRect().top ?? 0
        const pages = olderPages()
        const before = scroller.scrollTop
        scroller.scrollTop = before + sign * step
        const moved = before - scroller.scrollTop
        await frame()
        await frame()
        for (const row of log.querySelectorAll('[data-seq]')) seen.add(row.dataset.seq!)
        maxNodes = Math.max(maxNodes, log.getElementsByTagName('*').length + 1)
        const fetched = olderPages() !== pages
        if (fetched) loads += 1
        // A page fetched in this step or the one before: its rows may go in a frame later.
        const grew = fetched || fetchedBefore
        fetchedBefore = fetched
        const same = anchorSeq ? log.querySelector(`[data-seq="${anchorSeq}"]`) : null
        if (same) {
          const jump = Math.abs(same.getBoundingClientRect().top - anchorTop - moved)
          maxJump = Math.max(maxJump, jump)
          if (grew) loadJump = Math.max(loadJump, jump)
        }
        // At the end of what is held (the top while a page loads; the bottom going down).
        stuck = moved === 0 ? stuck + 1 : 0
        if (sign > 0 && stuck > 10) break
      }
      const ended = performance.now()
      const longTasks = probe.longTasks
        .filter((task) => task.start >= started && task.start <= ended)
        .map((task) => task.duration)
      return {
        messages: seen.size,
        seconds: (ended - started) / 1000,
        longTasks,
        maxJump,
        loadJump,
        loads,
        nodes: log.getElementsByTagName('*').length + 1,
        maxNodes,
      }
    },
    { count: messages, step: STEP_PX, sign: direction }
  ) as Promise<ScrollFigures>
}

/** Clicks a channel in the sidebar: ms from the click to its rows on screen. */
async function switchTo(page: Page, channelId: string) {
  await page.evaluate(() => {
    window.__bench.markOld()
    window.__watch = window.__bench.watchRows(15_000)
  })
  await page.locator(`a[href$="/channels/${channelId}"]`).first().click()
  const { seen, clickAt } = await page.evaluate(async () => ({
    seen: await window.__watch!,
    clickAt: window.__bench.clickAt!,
  }))
  return { ms: seen.at - clickAt, settled: seen.settledAt - clickAt }
}

/**
 * The held-channel baseline: a plain button, put on the page, that shows fifty plain rows in
 * a list of their own when clicked; the same click and watcher as a switch (ms).
 */
async function plainSwitch(page: Page, html: string) {
  await page.evaluate((markup) => {
    window.__bench.markOld()
    const box = document.createElement('div')
    box.className = 'bench-plain'
    box.style.position = 'fixed'
    box.style.inset = '0'
    box.style.zIndex = '1000'
    box.style.background = 'Canvas'
    const button = document.createElement('button')
    button.textContent = 'Show rows'
    button.addEventListener('click', () => {
      const list = document.createElement('div')
      list.setAttribute('role', 'log')
      list.style.height = '100%'
      list.innerHTML = markup
      box.append(list)
    })
    box.append(button)
    document.body.append(box)
    window.__watch = window.__bench.watchRows(15_000)
  }, html)
  await page.getByRole('button', { name: 'Show rows' }).click()
  const ms = await page.evaluate(async () => {
    const seen = await window.__watch!
    document.querySelector('.bench-plain').remove()
    return seen.at - window.__bench.clickAt!
  })
  return ms
}

/** Fifty rows shaped like the app's: avatar, name, time, text. */
function staticRows() {
  return Array.from(
    { length: 50 },
    (_, index) =>
      `<article class="row" data-seq="${index + 1}"><div class="avatar">W${index % 4}</div>` +
      `<div><div class="meta"><b>writer${index % 4}</b> <time>12:${String(index).padStart(2, '0')}</time></div>` +
      `<p>${message(index).replace(/[<>&]/g, '')}</p></div></article>`
  ).join('')
}

/** The static baseline page: the same 50 rows, plain HTML and CSS, from a bare server. */
async function startStaticPage(): Promise<{ server: Server; address: string }> {
  const page =
    '<!doctype html><html><head><meta charset="utf-8"><title>static</title><style>' +
    'body{margin:0;font:15px system-ui,sans-serif}' +
    '[role=log]{height:100vh;overflow:auto}' +
    '.row{display:grid;grid-template-columns:40px 1fr;gap:12px;padding:8px 20px}' +
    '.avatar{width:40px;height:40px;border-radius:6px;background:#ccd}' +
    '.meta{font-size:14px}p{margin:2px 0;line-height:1.5}' +
    `</style></head><body><div role="log">${staticRows()}</div></body></html>`
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8')
    response.end(page)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, address: `http://127.0.0.1:${(server.address() as { port: number }).port}/` }
}

/** Opens a bare EventSource on the reader's Transmit stream, following `stream`. */
function bareStream(page: Page, stream: string) {
  return page.evaluate(async (channel) => {
    const uid = `bench${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')}`
    const arrivals = new Map<string, number>()
    window.__sse = arrivals
    const source = new EventSource(`/__transmit/events?uid=${uid}`)
    source.onmessage = (event: { data: string }) => {
      const { payload } = JSON.parse(event.data)
      if (payload?.type === 'post.created') {
        arrivals.set(payload.data.post.message, performance.timeOrigin + performance.now())
      }
    }
    await new Promise((resolve, reject) => {
      source.onopen = resolve
      source.onerror = () => reject(new Error('the bare stream did not open'))
    })
    const xsrf = decodeURIComponent(/XSRF-TOKEN=([^;]+)/.exec(document.cookie)![1])
    const response = await fetch('/__transmit/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf },
      body: JSON.stringify({ uid, channel }),
    })
    if (!response.ok) throw new Error(`subscribing answered ${response.status}`)
  }, stream)
}

/** The writer's page posts `text` with its session: the page clock when it sent it. */
function postFrom(page: Page, channelId: string, text: string) {
  return page.evaluate(
    async ({ id, body }) => {
      const xsrf = decodeURIComponent(/XSRF-TOKEN=([^;]+)/.exec(document.cookie)![1])
      const sentAt = performance.timeOrigin + performance.now()
      const response = await fetch(`/api/v1/channels/${id}/posts`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept': 'application/json',
          'x-xsrf-token': xsrf,
        },
        body: JSON.stringify({ message: body }),
      })
      if (response.status !== 201) throw new Error(`posting answered ${response.status}`)
      return { sentAt, answered: performance.timeOrigin + performance.now() - sentAt }
    },
    { id: channelId, body: text }
  )
}

let browser: Browser | null = null
let staticPage: { server: Server; address: string } | null = null
try {
  const seedStarted = performance.now()
  const setup = await setUp()
  const { teamId, reader, writers, big, live, warm, fresh, raw } = setup
  await fill(big.id, POSTS, writers)
  for (const small of [warm, ...fresh, ...raw]) await fill(small.id, SMALL_CHANNEL, writers)
  await fill(live.id, 20, writers)
  for (const channel of [big, live, warm, ...fresh, ...raw]) {
    await apiCall(url, { token: reader.token }, 'POST', `/api/v1/channels/${channel.id}/read`, {})
  }
  const seeded = (performance.now() - seedStarted) / 1000
  console.log(
    `seeded ${POSTS} messages in #${big.name} and ${SMALL_CHANNEL} in each of ` +
      `${2 + 2 * ROUNDS} more channels through the API in ${round(seeded)} s`
  )

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
  })
  const readerState = await signIn(browser, reader.username)
  const writerState = await signIn(browser, writers[0].username)
  staticPage = await startStaticPage()
  const channelAddress = (id: string) => `${url}/teams/${teamId}/channels/${id}`

  // Warm-up: the first load of a build reads it from disk on the server and here.
  await leaveUnread(reader, big.id)
  const warmUp = await openPage(browser, readerState, channelAddress(big.id))
  await warmUp.context.close()

  const cold = { firstPaint: [] as number[], contentful: [] as number[], rows: [] as number[] }
  const coldSettled: number[] = []
  const coldBase = { firstPaint: [] as number[], rows: [] as number[], fetch: [] as number[] }
  const nodes = { opened: [] as number[], scrolled: [] as number[], maxScrolled: [] as number[] }
  const staticNodes: number[] = []
  const up: ScrollFigures[] = []
  const down: ScrollFigures[] = []
  let waterfall = ''
  for (let index = 1; index <= ROUNDS; index++) {
    await leaveUnread(reader, big.id)
    const profile = PROFILE && index === 1 ? 'a cold load' : null
    const opened = await openPage(browser, readerState, channelAddress(big.id), profile)
    const paints = await paintsOf(opened.page)
    cold.firstPaint.push(paints.firstPaint)
    cold.contentful.push(paints.contentful)
    cold.rows.push(opened.seen.at)
    coldSettled.push(opened.seen.settledAt)
    nodes.opened.push(await logNodes(opened.page))
    if (index === 1) waterfall = await timeline(opened.page)
    await leaveUnread(reader, big.id)
    coldBase.fetch.push(await rawFetch(opened.page, big.id))
    if (index <= SCROLL_ROUNDS) {
      const profiler = PROFILE && index === 1 ? await startProfile(opened.page) : null
      const upward = await scrollThrough(opened.page, SCROLL, -1)
      if (profiler) await printProfile(profiler, `scrolling up ${SCROLL} messages`)
      up.push(upward)
      nodes.scrolled.push(upward.nodes)
      nodes.maxScrolled.push(upward.maxNodes)
      down.push(await scrollThrough(opened.page, SCROLL, 1))
    }
    await opened.context.close()

    const plain = await openPage(browser, undefined, staticPage.address)
    const plainPaints = await paintsOf(plain.page)
    coldBase.firstPaint.push(plainPaints.firstPaint)
    coldBase.rows.push(plain.seen.at)
    staticNodes.push(await logNodes(plain.page))
    await plain.context.close()
    console.log(
      `round ${index}: first paint ${round(paints.firstPaint)} ms, rows ${round(opened.seen.at)} ms ` +
        `(settled ${round(opened.seen.settledAt)}), ${nodes.opened.at(-1)} nodes | static page ` +
        `rows ${round(plain.seen.at)} ms | posts fetch ${round(coldBase.fetch.at(-1)!)} ms` +
        (index <= SCROLL_ROUNDS
          ? ` | scrolled up ${up.at(-1)!.messages} in ${round(up.at(-1)!.seconds)} s, ` +
            `${up.at(-1)!.loads} loads, long tasks ${up.at(-1)!.longTasks.map(Math.round).join(', ') || 'none'}, ` +
            `max jump ${round(up.at(-1)!.maxJump)} px, ${up.at(-1)!.nodes} nodes`
          : '')
    )
  }

  // Channel switches, in one page: the warm channel is opened once, then each round opens a
  // channel never opened (fresh) and goes back to the warm one (held in memory).
  const switches = { cached: [] as number[], fresh: [] as number[], rawFresh: [] as number[] }
  const plainTimes: number[] = []
  const shell = await openPage(browser, readerState, channelAddress(big.id))
  await switchTo(shell.page, warm.id)
  const rows = staticRows()
  for (let index = 0; index < ROUNDS; index++) {
    const toFresh = await switchTo(shell.page, fresh[index].id)
    const toHeld = await switchTo(shell.page, warm.id)
    switches.fresh.push(toFresh.ms)
    switches.cached.push(toHeld.ms)
    switches.rawFresh.push(await rawFetch(shell.page, raw[index].id))
    plainTimes.push(await plainSwitch(shell.page, rows))
  }
  await shell.context.close()
  console.log(
    `switches (ms): fresh ${switches.fresh.map(Math.round).join(', ')}; cached ` +
      `${switches.cached.map(Math.round).join(', ')}`
  )

  // Post → on screen in a second browser.
  const receiver = await openPage(browser, readerState, channelAddress(live.id))
  const sender = await openPage(browser, writerState, channelAddress(live.id))
  await bareStream(receiver.page, `channels/${live.id}`)
  const onScreen: number[] = []
  const bare: number[] = []
  const answered: number[] = []
  const nonce = randomBytes(4).toString('hex')
  for (let index = 0; index < LIVE; index++) {
    const text = `live ${nonce} ${index} ${words(6)}`
    await receiver.page.evaluate((wanted) => {
      window.__text = window.__bench.watchText(wanted, 10_000)
    }, text)
    const sent = await postFrom(sender.page, live.id, text)
    const shownAt = await receiver.page.evaluate(() => window.__text!)
    // The bare stream may hear of it after the app showed it: wait for it a little.
    const arrivedAt = await receiver.page.evaluate(async (wanted) => {
      for (let tries = 0; tries < 100 && !window.__sse.has(wanted); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return window.__sse.get(wanted) as number | undefined
    }, text)
    if (arrivedAt === undefined) throw new Error(`the bare stream never received post ${index}`)
    onScreen.push(shownAt - sent.sentAt)
    bare.push(arrivedAt - sent.sentAt)
    answered.push(sent.answered)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await receiver.context.close()
  await sender.context.close()
  const shown = summarise(onScreen, 1)
  const bareStats = summarise(bare, 1)

  if (pageErrors.length > 0) throw new Error(`the pages reported errors:\n${pageErrors.join('\n')}`)
  if (Math.min(...up.map((scroll) => scroll.messages)) < SCROLL) {
    throw new Error('a scroll ended before it had been through every message asked for')
  }

  const scrollLong = up.flatMap((scroll) => scroll.longTasks)
  const downLong = down.flatMap((scroll) => scroll.longTasks)
  const worst = (list: number[]) => (list.length ? Math.max(...list) : 0)
  type Row = [string, number, number | null, string, boolean | null]
  const table: Row[] = [
    ['first paint, ms', median(cold.firstPaint), median(coldBase.firstPaint), '', null],
    ['first contentful paint, ms', median(cold.contentful), median(coldBase.firstPaint), '', null],
    [
      'first messages on screen, ms',
      median(cold.rows),
      median(coldBase.rows),
      '<= 500 ms',
      median(cold.rows) <= 500,
    ],
    ['  ...and the list settled, ms', median(coldSettled), median(coldBase.rows), '', null],
    ['  posts API, raw fetch in page, ms', median(coldBase.fetch), null, '', null],
    [
      'DOM nodes in the list, opened',
      median(nodes.opened),
      median(staticNodes),
      '<= 3000',
      median(nodes.opened) <= 3000,
    ],
    [
      `DOM nodes, ${SCROLL} scrolled up`,
      median(nodes.scrolled),
      median(staticNodes),
      '<= 3000',
      worst(nodes.maxScrolled) <= 3000,
    ],
    [
      'switch to a held channel, ms',
      median(switches.cached),
      median(plainTimes),
      '<= 100 ms',
      median(switches.cached) <= 100,
    ],
    [
      'switch to a new channel, ms',
      median(switches.fresh),
      median(switches.rawFresh),
      '<= 300 ms',
      median(switches.fresh) <= 300,
    ],
    [
      `long tasks scrolling up ${SCROLL}`,
      scrollLong.length / up.length,
      downLong.length / down.length,
      'none',
      scrollLong.length === 0,
    ],
    ['  longest of them, ms', worst(scrollLong), worst(downLong), '', null],
    [
      'first row moved by a page load, px',
      worst(up.map((s) => s.loadJump)),
      worst(down.map((s) => s.loadJump)),
      '0 (<= 1 px)',
      worst(up.map((s) => s.loadJump)) <= 1,
    ],
    [
      '  ...by any step, px',
      worst(up.map((s) => s.maxJump)),
      worst(down.map((s) => s.maxJump)),
      '',
      null,
    ],
    ['post → on screen elsewhere p50, ms', shown.p50, bareStats.p50, '', null],
    ['post → on screen elsewhere p99, ms', shown.p99, bareStats.p99, '', null],
  ]
  const cells = [
    ['figure', 'Hearth', 'baseline', 'ratio', 'target', ''],
    ...table.map(([label, ours, base, target, met]) => [
      label,
      String(round(ours)),
      base === null ? '' : String(round(base)),
      base ? `${round(ours / base)}x` : '',
      target,
      met === null ? '' : met ? 'met' : 'missed',
    ]),
  ]
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)))
  console.log(
    `\n${POSTS} messages in the channel, ${SCROLL} scrolled through; medians of ${ROUNDS} cold ` +
      `loads and switches, ${up.length} scrolls, ${LIVE} live posts; Chromium ${browser.version()}, ` +
      `${VIEWPORT.width}×${VIEWPORT.height}, SQLite`
  )
  for (const row of cells)
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '))
  console.log(
    [
      '',
      'Baselines, measured in the same run:',
      '- paints and first messages: a static page of 50 rows (plain HTML and CSS from a bare',
      '  node:http server), loaded cold the same way, rows seen by the same probe;',
      `- posts API: the page's own fetch of what the app first asks for (?around=unread), warm;`,
      "- DOM nodes: the static page's 50-row list;",
      '- held channel: a plain button that shows 50 plain rows, the same click and watcher;',
      '- new channel: the raw fetch of a never-opened channel of the same size;',
      '- long tasks and jumps: the same scroll back down through what is already held;',
      '- post → on screen: a bare EventSource on the same Transmit stream in the same page.',
      'Times are the page clock: navigation start or the click → the animation frame in which',
      'the first message row is on screen; "settled": the last frame in which the first row on',
      'screen changed, over the 20 frames after. Jumps: per scroll step, how far the first row',
      'on screen moved other than by the distance scrolled (page loads included).',
      `Post → on screen: ${LIVE} posts 100 ms apart from the writer's page; the POST itself ` +
        `answered in ${round(median(answered))} ms (median).`,
      '',
      'One cold load (round 1), the requests from navigation start:',
      waterfall,
    ].join('\n')
  )
  printCommand()
} finally {
  await browser?.close()
  staticPage?.server.close()
  await stopServer(child)
  await rm(dataDir, { recursive: true, force: true })
}

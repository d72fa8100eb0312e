/*
|--------------------------------------------------------------------------
| Search in the web app, in headless Chromium
|--------------------------------------------------------------------------
|
| Seeds a fresh SQLite database (a temporary DATA_DIR) with bench/seed.ts:
| --posts (1,000,000) over --channels (1,000) and --users (2,000), or with
| --smoke 5,000 posts over 20 channels and 50 users; indexes them with
| `node ace search:reindex`; starts a Hearth server on it (production
| mode, the production build of the web app) and drives Debian's Chromium
| (playwright-core, the flags of tests/helpers/browser.ts) signed in as
| `bench`, who is in every channel, so every search covers every post.
|
| For each of --queries (20) searches (words, phrases, prefixes,
| exclusions and operators over the seed's 50-word vocabulary) it types
| the search into the box and times, on the page's clock, the Enter
| keydown → the first animation frame in which the results panel shows
| that search's answer (its result rows, or its "no results"). Baseline,
| in the same page and run: the page's own fetch of the same search API
| page (the server's floor), parsed. Prints p50/p95 of both, and checks
| that the panel showed as many results as the API answered.
|
*/
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { BENCH_PASSWORD, ROOT, flag, printCommand, round, startServer, stopServer } from './lib.js'
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/helpers/chromium.js'

const SMOKE = process.argv.includes('--smoke')
const POSTS = Number(flag('posts', SMOKE ? '5000' : '1000000'))
const CHANNELS = Number(flag('channels', SMOKE ? '20' : '1000'))
const USERS = Number(flag('users', SMOKE ? '50' : '2000'))
const QUERIES = Number(flag('queries', '20'))
const PORT = flag('port', '3356')
const VIEWPORT = { width: 1280, height: 800 }

/** The page's globals, for the functions that run in it (see bench/web_chat.ts). */
declare const document: any
declare const window: any
declare const performance: any
declare const requestAnimationFrame: (callback: (now: number) => void) => number

const today = new Date().toISOString().slice(0, 10)
/** Searches over the seed's vocabulary (bench/seed.ts): each word is in about a quarter of posts. */
const SEARCHES = [
  'deploy',
  'review merge',
  'latency cache',
  '"merge fix"',
  'deplo*',
  'timeout -retry',
  'from:@user7 deploy',
  'in:~channel-3 board',
  'in:~channel-5 in:~channel-6 sprint',
  'is:thread blocked',
  'database query index',
  'from:@user12 in:~channel-2',
  'release after:2020-01-01',
  'api -test',
  '"sounds good"',
  'queue worker',
  `alert on:${today}`,
  'lgtm thanks',
  'card board sprint',
  'tomorrow meeting',
]

const dataDir = await mkdtemp(join(tmpdir(), 'hearth-search-bench-'))
const env = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  APP_KEY: randomBytes(32).toString('base64url'),
  DB_CONNECTION: 'sqlite',
  DATA_DIR: dataDir,
}

/** Runs a script of the repository with the bench's environment; fails loudly. */
function run(args: string[]) {
  const started = performance.now()
  const done = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (done.status !== 0) throw new Error(`${args.join(' ')} exited with ${done.status}`)
  return (performance.now() - started) / 1000
}

const build = spawnSync(process.execPath, ['bin/web_build.js'], { cwd: ROOT, stdio: 'inherit' })
if (build.status !== 0) throw new Error('the web app did not build')
const seedSeconds = run([
  'bench/seed.ts',
  `--posts=${POSTS}`,
  `--channels=${CHANNELS}`,
  `--users=${USERS}`,
])
const indexSeconds = run(['ace.js', 'search:reindex', '--quiet'])
const { url, child } = await startServer({
  PORT,
  HOST: '127.0.0.1',
  APP_KEY: env.APP_KEY,
  DB_CONNECTION: 'sqlite',
  DATA_DIR: dataDir,
})

/** What the panel showed for one search: when (page clock) and how many result rows. */
type Shown = { pressedAt: number; shownAt: number; rows: number }

/**
 * Arms a watcher in the page: it notes the Enter keydown in the search box, then looks at
 * each animation frame for the panel showing `q`'s answer (not "Searching…").
 */
function armWatcher(page: Page, q: string) {
  return page.evaluate((wanted) => {
    window.__shown = new Promise<Shown>((resolve, reject) => {
      const box = document.querySelector('input[aria-label="Search messages"]')
      let pressedAt = 0
      const onKey = (event: { key: string }) => {
        if (event.key !== 'Enter') return
        pressedAt = performance.now()
        box.removeEventListener('keydown', onKey, true)
        requestAnimationFrame(check)
      }
      box.addEventListener('keydown', onKey, true)
      const check = (now: number) => {
        const panel = document.querySelector('aside[aria-label="Search results"]')
        const query = panel?.querySelector('.ui-panel-header__detail')?.textContent
        const busy = panel?.querySelector('.results__state[role=status]')?.textContent
        const rows = panel?.querySelectorAll('[data-search-result]').length ?? 0
        const answered = rows > 0 || (busy && busy.startsWith('No results'))
        if (query === wanted && answered) resolve({ pressedAt, shownAt: now, rows })
        else if (now - pressedAt > 30_000) reject(new Error(`no answer to "${wanted}" in 30 s`))
        else requestAnimationFrame(check)
      }
    })
  }, q)
}

/** The page fetching the same first page of the search, raw (ms and how many results). */
function rawSearch(page: Page, teamId: string, q: string) {
  return page.evaluate(
    async ({ team, wanted }) => {
      const params = new URLSearchParams({ q: wanted, limit: '20' })
      params.set('timeZone', Intl.DateTimeFormat().resolvedOptions().timeZone)
      const started = performance.now()
      const response = await fetch(`/api/v1/teams/${team}/search?${params}`, {
        headers: { accept: 'application/json' },
      })
      const body = (await response.json()) as { data: unknown[] }
      if (!response.ok) throw new Error(`the search answered ${response.status}`)
      return { ms: performance.now() - started, count: body.data.length }
    },
    { team: teamId, wanted: q }
  )
}

function percentile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

let browser: Browser | null = null
const pageErrors: string[] = []
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: true,
  })
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  await page.goto(`${url}/login`)
  await page.getByLabel('Username or email').fill('bench')
  await page.getByLabel('Password').fill(BENCH_PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/teams\//)
  // Signed in: from here on the page should report nothing (before, the session check's 401).
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (entry) => {
    if (entry.type() === 'error') pageErrors.push(`console: ${entry.text()}`)
  })
  const teamId = new URL(page.url()).pathname.split('/')[2]
  const box = page.getByRole('combobox', { name: 'Search messages' })
  await box.waitFor()

  // Warm-up: the first search reads the index from disk and loads the panel's chunk.
  await box.fill('warm up')
  await armWatcher(page, 'warm up')
  await box.press('Enter')
  await page.evaluate(() => window.__shown)

  const app: number[] = []
  const raw: number[] = []
  for (let index = 0; index < QUERIES; index++) {
    const q = SEARCHES[index % SEARCHES.length]
    await box.fill(q)
    // The box's list of suggestions closes first, as a person's Escape would.
    await box.press('Escape')
    await box.fill(q)
    await armWatcher(page, q)
    await box.press('Enter')
    const shown: Shown = await page.evaluate(() => window.__shown)
    const base = await rawSearch(page, teamId, q)
    if (shown.rows !== base.count) {
      throw new Error(
        `"${q}": the panel showed ${shown.rows} results, the API answered ${base.count}`
      )
    }
    app.push(shown.shownAt - shown.pressedAt)
    raw.push(base.ms)
    console.log(
      `${String(index + 1).padStart(2)}. ${q.padEnd(36)} ${String(base.count).padStart(2)} results: ` +
        `on screen ${round(app.at(-1)!)} ms, raw fetch ${round(base.ms)} ms`
    )
  }
  await context.close()
  if (pageErrors.length > 0) throw new Error(`the page reported errors:\n${pageErrors.join('\n')}`)

  const cells = [
    ['figure', 'Hearth', 'baseline', 'ratio'],
    ...[0.5, 0.95].map((q) => {
      const ours = percentile(app, q)
      const base = percentile(raw, q)
      return [
        `Enter → results on screen p${q * 100}, ms`,
        `${round(ours)}`,
        `${round(base)}`,
        `${round(ours / base)}x`,
      ]
    }),
  ]
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)))
  console.log(
    `\n${POSTS} posts over ${CHANNELS} channels and ${USERS} users (seeded in ${round(seedSeconds)} s, ` +
      `indexed in ${round(indexSeconds)} s), searched by a member of every channel; ${QUERIES} ` +
      `searches; Chromium ${browser.version()}, ${VIEWPORT.width}×${VIEWPORT.height}, SQLite`
  )
  for (const row of cells)
    console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '))
  console.log(
    [
      '',
      'Hearth: the Enter keydown in the search box → the animation frame in which the results',
      "panel shows that search's answer (page clock). Baseline, measured in the same run and page:",
      "the page's own fetch of the same search API page (20 results), parsed. The gap is the",
      "app's share: its request, the store, and rendering the grouped, marked results.",
    ].join('\n')
  )
  printCommand()
} finally {
  await browser?.close()
  await stopServer(child)
  await rm(dataDir, { recursive: true, force: true })
}

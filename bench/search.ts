/*
|--------------------------------------------------------------------------
| Search latency on the 1,000,000-post seed
|--------------------------------------------------------------------------
|
| Needs a database filled by bench/seed.ts and indexed by
| `node ace search:reindex` (PostgreSQL is the target). Starts a Hearth
| server on it and times GET /api/v1/teams/:id/search, one request at a
| time, for a one-word, a two-word, an operator and a phrase query (every
| word of the seed's 50-word vocabulary is in about a quarter of all posts,
| so each matches tens of thousands of posts), as two users:
| `user7`, a typical member of ~10 channels (~10,000 posts), and `bench`,
| who is in all 1,000 channels (all 1,000,000 posts). Each round also times
| a channel's latest 20 posts as a baseline measured in the same run.
| Prints p50/p95 per query and user, per round and as medians.
|
*/
import pg from 'pg'
import {
  benchDatabase,
  benchToken,
  flag,
  median,
  printCommand,
  round,
  startBenchServer,
  stopServer,
} from './lib.js'

const REQUESTS = Number(flag('requests', '100'))
const ROUNDS = Number(flag('rounds', '3'))
const PORT = flag('port', '3352')

const QUERIES = {
  'one word': 'deploy',
  'two words': 'deploy review',
  'operators': 'deploy from:@user7 after:2020-01-01 -blocked',
  'phrase+ops': '"merge fix" -blocked is:thread',
}

const pool = new pg.Pool({ ...benchDatabase, max: 2 })
const team = await pool.query('select id from teams limit 1')
const channel = await pool.query('select id from channels limit 1')
const indexed = await pool.query('select count(*)::int as count from post_search')
await pool.end()
if (team.rows.length === 0) throw new Error('No team: run bench/seed.ts first')
if (indexed.rows[0].count === 0) throw new Error('Empty index: run node ace search:reindex first')
const teamId = team.rows[0].id as string

const { url, child } = await startBenchServer(PORT)

function percentile(sorted: number[], q: number) {
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))])
}

async function time(path: string, token: string) {
  const latencies: number[] = []
  let matches = 0
  for (let index = 0; index < REQUESTS; index++) {
    const started = performance.now()
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    const body = (await response.json()) as { data: unknown[] }
    latencies.push(performance.now() - started)
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
    matches = body.data.length
  }
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), matches }
}

try {
  const users = { user7: await benchToken(url, 'search bench', ['read'], 'user7') }
  const all = { ...users, bench: await benchToken(url, 'search bench', ['read']) }
  const figures = new Map<string, Array<{ p50: number; p95: number }>>()
  const note = (key: string, value: { p50: number; p95: number }) =>
    figures.set(key, [...(figures.get(key) ?? []), value])

  for (let roundNo = 1; roundNo <= ROUNDS; roundNo++) {
    const baseline = await time(`/api/v1/channels/${channel.rows[0].id}/posts?limit=20`, all.bench)
    note('baseline: latest 20 posts', baseline)
    console.log(
      `round ${roundNo}: baseline latest-20 p50 ${baseline.p50} ms p95 ${baseline.p95} ms`
    )
    for (const [user, token] of Object.entries(all)) {
      for (const [label, q] of Object.entries(QUERIES)) {
        const path = `/api/v1/teams/${teamId}/search?limit=20&q=${encodeURIComponent(q)}`
        const result = await time(path, token)
        note(`${user} ${label}`, result)
        console.log(
          `  ${user.padEnd(6)} ${label.padEnd(10)} p50 ${result.p50} ms p95 ${result.p95} ms (${result.matches} results on page 1)`
        )
      }
    }
  }
  console.log(`median of ${ROUNDS} rounds, ${REQUESTS} sequential requests each:`)
  for (const [key, values] of figures) {
    const p50 = median(values.map((value) => value.p50))
    const p95 = median(values.map((value) => value.p95))
    console.log(`  ${key.padEnd(28)} p50 ${p50} ms  p95 ${p95} ms`)
  }
  console.log(`queries: ${JSON.stringify(QUERIES)}`)
  printCommand()
} finally {
  await stopServer(child)
}

/*
|--------------------------------------------------------------------------
| Latest 60 posts: through the API versus straight from the database
|--------------------------------------------------------------------------
|
| Needs a database filled by bench/seed.ts (PostgreSQL is the target). Starts
| a Hearth server on it, then alternates rounds of the same work: the latest
| 60 messages of a random channel read directly through the `pg` driver
| (the query Hearth runs), and read through GET /api/v1/channels/:id/posts
| with a Bearer token. Prints p50/p99 and throughput of each, per round and
| as medians, and the API's share of the direct throughput.
|
*/
import pg from 'pg'
import {
  closedLoop,
  flag,
  median,
  printCommand,
  round,
  benchDatabase,
  benchToken,
  startBenchServer,
  stopServer,
  summarise,
  type Stats,
} from './lib.js'

const SECONDS = Number(flag('seconds', '10'))
const ROUNDS = Number(flag('rounds', '3'))
const CONCURRENCY = Number(flag('concurrency', '8'))
const PORT = flag('port', '3350')

const pool = new pg.Pool({ ...benchDatabase, max: CONCURRENCY })
const channelRows = await pool.query('select id from channels')
const channelIds = channelRows.rows.map((row) => row.id)
if (channelIds.length === 0) throw new Error('No channels: run bench/seed.ts first')
const randomChannel = () => channelIds[Math.floor(Math.random() * channelIds.length)]

const { url, child } = await startBenchServer(PORT)

try {
  const token = await benchToken(url, 'latest posts bench', ['read'])
  const headers = { authorization: `Bearer ${token}` }

  const direct = async () => {
    await pool.query(
      'select * from "posts" where "channel_id" = $1 and "root_id" is null order by "seq" desc limit $2',
      [randomChannel(), 61]
    )
  }
  const api = async () => {
    const response = await fetch(`${url}/api/v1/channels/${randomChannel()}/posts?limit=60`, {
      headers,
    })
    if (response.status !== 200) throw new Error(`API answered ${response.status}`)
    await response.arrayBuffer()
  }

  await closedLoop(2, CONCURRENCY, direct)
  await closedLoop(2, CONCURRENCY, api)

  const results: { direct: Stats; api: Stats }[] = []
  for (let index = 1; index <= ROUNDS; index++) {
    const d = summarise(await closedLoop(SECONDS, CONCURRENCY, direct), SECONDS)
    const a = summarise(await closedLoop(SECONDS, CONCURRENCY, api), SECONDS)
    results.push({ direct: d, api: a })
    console.log(
      `round ${index}: direct p50 ${d.p50} ms p99 ${d.p99} ms ${d.perSecond}/s | ` +
        `api p50 ${a.p50} ms p99 ${a.p99} ms ${a.perSecond}/s | api/direct ${round((100 * a.perSecond) / d.perSecond)} %`
    )
  }
  const med = (pick: (r: { direct: Stats; api: Stats }) => number) => median(results.map(pick))
  console.log(
    `median of ${ROUNDS} rounds (${SECONDS} s each, concurrency ${CONCURRENCY}, ${channelIds.length} channels):`
  )
  console.log(
    `  direct query: p50 ${med((r) => r.direct.p50)} ms, p99 ${med((r) => r.direct.p99)} ms, ${med((r) => r.direct.perSecond)} req/s`
  )
  console.log(
    `  API:          p50 ${med((r) => r.api.p50)} ms, p99 ${med((r) => r.api.p99)} ms, ${med((r) => r.api.perSecond)} req/s`
  )
  console.log(
    `  API throughput is ${round((100 * med((r) => r.api.perSecond)) / med((r) => r.direct.perSecond))} % of the direct query's (target >= 50 %); API p99 target <= 15 ms`
  )
  printCommand()
} finally {
  await stopServer(child)
  await pool.end()
}

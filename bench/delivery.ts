/*
|--------------------------------------------------------------------------
| Post → SSE delivery latency
|--------------------------------------------------------------------------
|
| Needs a database filled by bench/seed.ts. Starts a Hearth server, opens
| --clients (1,000) SSE connections subscribed to one channel, then posts
| --rate (20) messages a second for --seconds (15) and measures, for every
| message and every client, the time from sending the POST to the client
| receiving the post.created event. Prints p50/p99 over all deliveries.
|
*/
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { EventSource } from 'eventsource'
import { benchToken, flag, printCommand, startBenchServer, stopServer, summarise } from './lib.js'

const CLIENTS = Number(flag('clients', '1000'))
const RATE = Number(flag('rate', '20'))
const SECONDS = Number(flag('seconds', '15'))
const PORT = flag('port', '3351')

const { url, child } = await startBenchServer(PORT)
const sources: EventSource[] = []

try {
  const token = await benchToken(url, 'delivery bench', ['write'])
  const headers = { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' }
  const getJson = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers })
    return (await response.json()) as any
  }
  const teams = await getJson('/api/v1/teams')
  const channels = await getJson(`/api/v1/teams/${teams.data[0].id}/channels`)
  const channel = channels.data.find((entry: any) => entry.name === 'channel-0') ?? channels.data[0]
  const stream = `channels/${channel.id}`

  const sentAt = new Map<string, number>()
  const latencies: number[] = []
  let opened = 0
  for (let index = 0; index < CLIENTS; index++) {
    const uid = randomUUID()
    const source = new EventSource(`${url}/__transmit/events?uid=${uid}`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
    })
    source.onmessage = (message) => {
      const receivedAt = performance.now()
      const { payload } = JSON.parse(message.data)
      if (payload?.type !== 'post.created') return
      const started = sentAt.get(payload.data.post.clientId)
      if (started !== undefined) latencies.push(receivedAt - started)
    }
    await new Promise<void>((resolve, reject) => {
      source.onopen = () => resolve()
      source.onerror = (error) => reject(error)
    })
    const subscribed = await fetch(`${url}/__transmit/subscribe`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ uid, channel: stream }),
    })
    if (subscribed.status !== 204) throw new Error(`subscribe answered ${subscribed.status}`)
    sources.push(source)
    opened++
  }
  console.log(`${opened} SSE clients subscribed to ${stream}`)

  const total = RATE * SECONDS
  const interval = 1000 / RATE
  const began = performance.now()
  const sends: Promise<void>[] = []
  for (let index = 0; index < total; index++) {
    const due = began + index * interval
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    const clientId = `bench-${index}-${randomUUID().slice(0, 8)}`
    sentAt.set(clientId, performance.now())
    sends.push(
      fetch(`${url}/api/v1/channels/${channel.id}/posts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ message: `delivery ${index}`, clientId }),
      }).then(async (response) => {
        if (response.status !== 201) throw new Error(`post answered ${response.status}`)
        await response.arrayBuffer()
      })
    )
  }
  await Promise.all(sends)
  await sleep(2000)

  const expected = total * CLIENTS
  const stats = summarise(latencies, SECONDS)
  console.log(
    `${RATE} posts/s for ${SECONDS} s to ${CLIENTS} clients: ${latencies.length}/${expected} deliveries, ` +
      `p50 ${stats.p50} ms, p99 ${stats.p99} ms (target p99 <= 50 ms)`
  )
  printCommand()
} finally {
  for (const source of sources) source.close()
  await stopServer(child)
}

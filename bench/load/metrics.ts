/*
|--------------------------------------------------------------------------
| Load test measurements: latency histograms and tallies over periods
|--------------------------------------------------------------------------
|
| Every request, action and SSE delivery is recorded once into each active
| tally (the whole run, the current time-series window, the current
| plateau), so a 2,000-user run keeps a few kilobytes per period instead of
| every latency. Histograms have log buckets 2 % wide: percentiles are
| within 2 %, means are exact.
|
*/

const MIN_MS = 0.05
const GROWTH = 1.02
const BUCKETS = Math.ceil(Math.log(600_000 / MIN_MS) / Math.log(GROWTH)) + 1

/** Latencies in ms, bucketed logarithmically. */
export class Histogram {
  readonly counts = new Uint32Array(BUCKETS)
  count = 0
  sum = 0
  max = 0

  record(ms: number) {
    const value = Math.max(ms, MIN_MS)
    const index = Math.min(BUCKETS - 1, Math.floor(Math.log(value / MIN_MS) / Math.log(GROWTH)))
    this.counts[index]++
    this.count++
    this.sum += ms
    if (ms > this.max) this.max = ms
  }

  get mean() {
    return this.count === 0 ? 0 : this.sum / this.count
  }

  /** The value below which a fraction `q` of the recorded latencies lie (bucket midpoint). */
  percentile(q: number) {
    if (this.count === 0) return 0
    const rank = Math.ceil(q * this.count)
    let seen = 0
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.counts[index]
      if (seen >= rank) return Math.min(this.max, MIN_MS * GROWTH ** (index + 0.5))
    }
    return this.max
  }

  summary() {
    return {
      count: this.count,
      mean: round(this.mean),
      p50: round(this.percentile(0.5)),
      p95: round(this.percentile(0.95)),
      p99: round(this.percentile(0.99)),
      max: round(this.max),
    }
  }
}

/** Calls of one kind (an action, an endpoint): their latencies and failures. */
export class CallStats {
  readonly latency = new Histogram()
  errors = 0
  timeouts = 0
  /** Failures by HTTP status (0: no answer, the connection failed). */
  readonly failures: Record<number, number> = {}

  summary() {
    const { errors, timeouts, failures } = this
    return { ...this.latency.summary(), errors, timeouts, failures: { ...failures } }
  }
}

/** One second of resource use. */
export type Sample = {
  /** Server process CPU, % of one core. */
  serverCore: number
  /** Server process CPU, % of the whole machine (100 % = every core busy). */
  serverMachine: number
  serverRssMb: number
  /** This load generator's CPU, % of one core, and its resident memory. */
  generatorCore: number
  generatorRssMb: number
  /** Every process on the machine, % of all cores (others' work shows here). */
  machine: number
  users: number
  streams: number
}

/** Everything measured over one period. */
export class Tally {
  readonly startedAt = performance.now()
  endedAt: number | null = null
  readonly requests = new CallStats()
  readonly endpoints = new Map<string, CallStats>()
  readonly actions = new Map<string, CallStats>()
  readonly delivery = new Histogram()
  expectedDeliveries = 0
  readonly samples: Sample[] = []

  constructor(readonly label: string) {}

  get seconds() {
    return ((this.endedAt ?? performance.now()) - this.startedAt) / 1000
  }
}

function statsOf(map: Map<string, CallStats>, name: string) {
  let stats = map.get(name)
  if (!stats) {
    stats = new CallStats()
    map.set(name, stats)
  }
  return stats
}

export type Outcome = 'ok' | 'error' | 'timeout'

/** Feeds every active tally; tallies are opened and closed by the run. */
export class Recorder {
  readonly #active = new Set<Tally>()

  open(label: string) {
    const tally = new Tally(label)
    this.#active.add(tally)
    return tally
  }

  close(tally: Tally) {
    tally.endedAt = performance.now()
    this.#active.delete(tally)
    return tally
  }

  /** A request and its outcome; `status` is the HTTP status of an error (0: no answer). */
  request(endpoint: string, ms: number, outcome: Outcome, status = 0) {
    for (const tally of this.#active) {
      for (const stats of [tally.requests, statsOf(tally.endpoints, endpoint)]) {
        stats.latency.record(ms)
        if (outcome === 'error') {
          stats.errors++
          stats.failures[status] = (stats.failures[status] ?? 0) + 1
        }
        if (outcome === 'timeout') stats.timeouts++
      }
    }
  }

  action(name: string, ms: number, failed: boolean) {
    for (const tally of this.#active) {
      const stats = statsOf(tally.actions, name)
      stats.latency.record(ms)
      if (failed) stats.errors++
    }
  }

  /** A post sent to a channel where `expected` other simulated users were subscribed. */
  posted(expected: number) {
    for (const tally of this.#active) tally.expectedDeliveries += expected
  }

  delivered(ms: number) {
    for (const tally of this.#active) tally.delivery.record(ms)
  }

  sample(sample: Sample) {
    for (const tally of this.#active) tally.samples.push(sample)
  }
}

export function round(value: number) {
  return Math.round(value * 100) / 100
}

export function meanOf(values: number[]) {
  return values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length
}

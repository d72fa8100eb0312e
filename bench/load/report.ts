/*
|--------------------------------------------------------------------------
| Pass criteria, tables on stdout, JSON in bench/results/
|--------------------------------------------------------------------------
|
| Mattermost's pass criteria over a period: errors + timeouts under
| 0.025 % of requests, mean request latency under 100 ms, p99 under 2 s,
| server CPU under 85 % of the whole machine (the server process's CPU
| summed over its threads, divided by the number of cores: 100 % = every
| core busy), averaged over the period's one-second samples.
|
*/
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ROOT } from '../lib.js'
import { meanOf, round, type CallStats, type Tally } from './metrics.js'
import type { Options } from './options.js'

export type Criteria = Options['criteria']

/** The figures of a period, ready for a table or JSON. */
export function summarise(tally: Tally) {
  const { requests, samples } = tally
  const failures = requests.errors + requests.timeouts
  const max = (values: number[]) => (values.length === 0 ? 0 : Math.max(...values))
  const column = (key: keyof (typeof samples)[number]) => samples.map((sample) => sample[key])
  return {
    label: tally.label,
    seconds: round(tally.seconds),
    users: max(column('users')),
    requests: requests.latency.count,
    requestsPerSecond: round(requests.latency.count / Math.max(tally.seconds, 0.001)),
    errors: requests.errors,
    timeouts: requests.timeouts,
    failurePercent: round4(requests.latency.count ? (failures / requests.latency.count) * 100 : 0),
    latency: requests.latency.summary(),
    delivery: {
      ...tally.delivery.summary(),
      expected: tally.expectedDeliveries,
    },
    server: {
      cpuCoreMean: round(meanOf(column('serverCore'))),
      cpuCoreMax: round(max(column('serverCore'))),
      cpuMachineMean: round(meanOf(column('serverMachine'))),
      cpuMachineMax: round(max(column('serverMachine'))),
      rssMbMean: round(meanOf(column('serverRssMb'))),
      rssMbMax: round(max(column('serverRssMb'))),
    },
    generator: {
      cpuCoreMean: round(meanOf(column('generatorCore'))),
      cpuCoreMax: round(max(column('generatorCore'))),
      rssMbMax: round(max(column('generatorRssMb'))),
    },
    machineCpuMean: round(meanOf(column('machine'))),
    actions: Object.fromEntries(sortedStats(tally.actions).map(([n, s]) => [n, s.summary()])),
    endpoints: Object.fromEntries(sortedStats(tally.endpoints).map(([n, s]) => [n, s.summary()])),
  }
}

export type Summary = ReturnType<typeof summarise>

function round4(value: number) {
  return Math.round(value * 10_000) / 10_000
}

function sortedStats(map: Map<string, CallStats>) {
  return [...map].sort((a, b) => b[1].latency.count - a[1].latency.count)
}

/** Checks a period against the criteria. */
export function evaluate(summary: Summary, criteria: Criteria) {
  const checks = [
    {
      name: 'errors + timeouts',
      value: summary.failurePercent,
      limit: criteria.maxErrorPercent,
      unit: '%',
    },
    { name: 'mean latency', value: summary.latency.mean, limit: criteria.maxMeanMs, unit: 'ms' },
    { name: 'p99 latency', value: summary.latency.p99, limit: criteria.maxP99Ms, unit: 'ms' },
    {
      name: 'server CPU (machine)',
      value: summary.server.cpuMachineMean,
      limit: criteria.maxCpuPercent,
      unit: '%',
    },
  ].map((check) => ({ ...check, pass: check.value < check.limit }))
  const pass = summary.requests > 0 && checks.every((check) => check.pass)
  return { pass, checks }
}

/** `pass`, or `FAIL:` and the criteria that failed. */
export function verdictLine({ pass, checks }: ReturnType<typeof evaluate>) {
  if (pass) return 'pass'
  const failed = checks
    .filter((check) => !check.pass)
    .map((check) => `${check.name} ${check.value} ${check.unit} >= ${check.limit} ${check.unit}`)
  return `FAIL: ${failed.join(', ') || 'no requests'}`
}

/** Prints rows as an aligned text table. */
export function printTable(headers: string[], rows: (string | number)[][]) {
  const cells = [headers, ...rows.map((row) => row.map(String))]
  const widths = headers.map((_, index) => Math.max(...cells.map((row) => row[index].length)))
  const line = (row: string[]) =>
    row.map((cell, index) =>
      index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index])
    )
  console.log(line(headers).join('  '))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of cells.slice(1)) console.log(line(row).join('  '))
}

function statsRows(stats: Record<string, ReturnType<CallStats['summary']>>) {
  return Object.entries(stats).map(([name, entry]) => [
    name,
    entry.count,
    entry.errors,
    entry.timeouts,
    entry.mean,
    entry.p50,
    entry.p95,
    entry.p99,
  ])
}

const STATS_HEADERS = ['count', 'errors', 'timeouts', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms']

/** One line per time-series window, printed as the run goes. */
export function windowLine(summary: Summary) {
  return (
    `[${summary.label}] users ${summary.users}, ${summary.requestsPerSecond} req/s, ` +
    `errors ${summary.failurePercent} %, mean ${summary.latency.mean} ms, ` +
    `p99 ${summary.latency.p99} ms, delivery p99 ${summary.delivery.p99} ms, ` +
    `server CPU ${summary.server.cpuMachineMean} % of machine, RSS ${summary.server.rssMbMax} MB, ` +
    `generator CPU ${summary.generator.cpuCoreMean} % of a core`
  )
}

/** The full report of a measured period on stdout. */
export function printSummary(summary: Summary, criteria: Criteria, cores: number) {
  console.log(`\n== ${summary.label}: ${summary.users} users, ${summary.seconds} s ==\n`)
  console.log('actions')
  printTable(['action', ...STATS_HEADERS], statsRows(summary.actions))
  console.log('\nrequests by endpoint')
  printTable(['endpoint', ...STATS_HEADERS], statsRows(summary.endpoints))
  for (const [name, entry] of Object.entries(summary.endpoints)) {
    const statuses = Object.entries(entry.failures).map(([status, count]) => `${count} × ${status}`)
    if (statuses.length > 0) console.log(`  failed: ${name}: ${statuses.join(', ')} (0: no answer)`)
  }
  const { latency, delivery, server, generator } = summary
  console.log(
    `\nrequests: ${summary.requests} (${summary.requestsPerSecond}/s), ` +
      `${summary.errors} errors + ${summary.timeouts} timeouts = ${summary.failurePercent} %, ` +
      `mean ${latency.mean} ms, p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms`
  )
  console.log(
    `post → SSE delivery: ${delivery.count} received of ${delivery.expected} expected, ` +
      `mean ${delivery.mean} ms, p50 ${delivery.p50} ms, p95 ${delivery.p95} ms, p99 ${delivery.p99} ms`
  )
  console.log(
    `server CPU: mean ${server.cpuCoreMean} % of one core = ${server.cpuMachineMean} % of the ` +
      `machine (${cores} cores), max ${server.cpuMachineMax} % of the machine; RSS mean ${server.rssMbMean} MB, ` +
      `max ${server.rssMbMax} MB`
  )
  console.log(
    `load generator: CPU mean ${generator.cpuCoreMean} % of one core, max ${generator.cpuCoreMax} %, ` +
      `RSS max ${generator.rssMbMax} MB; whole machine busy ${summary.machineCpuMean} % on average`
  )
  console.log(
    `note: the load generator, the server and the database share this machine's ${cores} cores`
  )
  const { pass, checks } = evaluate(summary, criteria)
  console.log('\ncriteria (Mattermost):')
  for (const check of checks) {
    const verdict = check.pass ? 'pass' : 'FAIL'
    console.log(
      `  ${check.name}: ${check.value} ${check.unit} < ${check.limit} ${check.unit}: ${verdict}`
    )
  }
  console.log(`  overall: ${pass ? 'PASS' : 'FAIL'}`)
}

/** Logins happen during the ramps: their figures, apart from the criteria. */
export function printLogins(whole: Summary) {
  const logins = whole.actions.login
  const passwords = whole.endpoints['POST /api/v1/auth/login']
  if (!logins || !passwords) return
  console.log(
    `\nlogins (during the ramps, outside the criteria): ${logins.count}, ${logins.errors} failed; ` +
      `whole login mean ${logins.mean} ms, p99 ${logins.p99} ms; ` +
      `POST /api/v1/auth/login mean ${passwords.mean} ms, p99 ${passwords.p99} ms`
  )
}

/** The answer of a capacity run: the highest plateau that passed. */
export function printCapacity(
  plateaus: (Summary & { pass: boolean })[],
  passed: number,
  hold: number
) {
  const failing = plateaus.find((plateau) => !plateau.pass)
  let verdict = `at least ${passed} users (every plateau passed up to --max-users)`
  if (failing && passed === 0) {
    verdict = `no plateau passed (the figures above are the first, ${failing.users} users)`
  } else if (failing) {
    verdict =
      `${passed} users, the last plateau that passed ${hold} s (figures above); ` +
      `${failing.users} users failed`
  }
  console.log(`\ncapacity: ${verdict}`)
}

/** Writes the run's JSON to bench/results/load-<db>-<timestamp>.json; returns the path. */
export function writeResults(db: string, result: Record<string, unknown>) {
  const directory = fileURLToPath(new URL('bench/results/', ROOT))
  mkdirSync(directory, { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const path = `${directory}load-${db}-${stamp}.json`
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`)
  return path
}

/*
|--------------------------------------------------------------------------
| Load generator: simulated users against a Hearth server it starts
|--------------------------------------------------------------------------
|
| `npm run bench:load -- --users=N --duration=S` ramps to N users (8 every
| 2 s), holds S seconds and reports; `--capacity` ramps by --step users,
| holds each plateau --hold seconds, checks Mattermost's pass criteria and
| carries on until a plateau fails (or --max-users), then reports the
| highest plateau that passed. Seeds its own database first (seed.ts,
| boards.ts), on SQLite or with DB_CONNECTION=pg. Figures on stdout and in
| bench/results/load-<db>-<timestamp>.json. bench/README.md has the details.
|
*/
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { ROOT, startServer, stopServer } from '../lib.js'
import { createBoards } from './boards.js'
import { HttpClient } from './http.js'
import { Recorder, round, type Tally } from './metrics.js'
import { options, seededUsers } from './options.js'
import type { Plan } from './plan.js'
import {
  evaluate,
  printCapacity,
  printLogins,
  printSummary,
  summarise,
  verdictLine,
  windowLine,
  writeResults,
  type Summary,
} from './report.js'
import { CORES, prepareDatabase, runNode, sampleEverySecond, serverEnv } from './server.js'
import { startUser } from './actions.js'
import { pause, sweepSent, type SimUser, type World } from './users.js'

function commandLine() {
  const env = ['DB_CONNECTION', 'DB_DATABASE']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`)
  return [...env, 'npm run bench:load --', ...options.argv].join(' ')
}

const env = serverEnv(options.db, options.port)
const planFile = fileURLToPath(new URL(`tmp/load/plan-${options.db}-${options.port}.json`, ROOT))
const { seed } = options

console.log(`preparing a fresh ${options.db} database, seeding ${seededUsers()} users`)
await prepareDatabase(env)
await runNode(
  [
    '--import=@poppinss/ts-exec',
    'bench/load/seed.ts',
    `--users=${seededUsers()}`,
    `--members=${seed.members}`,
    `--users-per-channel=${seed.usersPerChannel}`,
    `--board-every=${seed.boardEvery}`,
    `--history=${seed.history}`,
    `--dms=${seed.dms}`,
    `--out=${planFile}`,
  ],
  env
)
const plan: Plan = JSON.parse(readFileSync(planFile, 'utf8'))
const { url, child } = await startServer(env)

try {
  const boardsStarted = performance.now()
  const boards = await createBoards(url, plan, seed.cards)
  const boardSeconds = round((performance.now() - boardsStarted) / 1000)
  console.log(
    `made ${boards.length} boards of ${seed.cards} cards through the API in ${boardSeconds} s`
  )

  const recorder = new Recorder()
  const world: World = {
    http: new HttpClient(options.port, recorder, options.timeoutMs, options.connections),
    recorder,
    port: options.port,
    timeoutMs: options.timeoutMs,
    teamId: plan.teamId,
    userIds: plan.userIds,
    indexOf: new Map(plan.userIds.map((id, index) => [id, index])),
    boards,
    boardByChannel: new Map(boards.map((board) => [board.channelId, board])),
    subscribers: new Map(),
    sent: new Map(),
    thinkMeanMs: options.thinkSeconds * 1000,
    timeScale: options.timeScale,
    replyShare: options.replyShare,
    stop: new AbortController(),
  }
  let shownErrors = 0
  world.http.onError = (method, path, reply) => {
    if (++shownErrors > 10) return
    console.log(`error: ${method} ${path} answered ${reply.status}: ${reply.text.slice(0, 200)}`)
  }
  process.once('SIGINT', () => {
    console.log('\ninterrupted: stopping the users and the server')
    world.stop.abort()
  })

  const users: SimUser[] = []
  const lives: Promise<void>[] = []
  let starting = 0
  const stopSampling = sampleEverySecond(child.pid!, (sample) => {
    const streams = users.filter((user) => user.sse?.isOpen).length
    recorder.sample({ ...sample, users: users.length, streams })
  })
  const sweeper = setInterval(() => sweepSent(world), 10_000)

  const runStarted = performance.now()
  const elapsed = () => Math.round((performance.now() - runStarted) / 1000)
  const whole = recorder.open('whole run')
  const windows: Summary[] = []
  let window = recorder.open('0 s')
  const windowTimer = setInterval(() => {
    const summary = summarise(recorder.close(window))
    windows.push(summary)
    console.log(windowLine(summary))
    window = recorder.open(`${elapsed()} s`)
  }, options.windowSeconds * 1000)

  /**
   * Starts users, --ramp every --ramp-every seconds, up to `target`; resolves once each has
   * made its first login attempt.
   */
  async function rampTo(target: number) {
    const logins: Promise<boolean>[] = []
    while (starting < target && !world.stop.signal.aborted) {
      for (let count = 0; count < options.rampUsers && starting < target; count++) {
        const { user, firstLogin, life } = startUser(world, starting++)
        users.push(user)
        lives.push(life)
        logins.push(firstLogin)
      }
      if (starting < target) await pause(world, options.rampEverySeconds * 1000)
    }
    await Promise.all(logins)
  }

  /** Holds the current users for `seconds` and measures that period. */
  async function hold(label: string, seconds: number) {
    const tally: Tally = recorder.open(label)
    await pause(world, seconds * 1000)
    return summarise(recorder.close(tally))
  }

  let measured: Summary | null = null
  const plateaus: (Summary & { pass: boolean })[] = []
  let highestPassed = 0
  if (options.capacity) {
    for (let target = options.step; !world.stop.signal.aborted; target += options.step) {
      target = Math.min(target, options.maxUsers)
      await rampTo(target)
      const summary = await hold(`plateau of ${target} users`, options.hold)
      const verdict = evaluate(summary, options.criteria)
      plateaus.push({ ...summary, pass: verdict.pass })
      console.log(windowLine(summary))
      console.log(`plateau ${target} users: ${verdictLine(verdict)}`)
      if (!verdict.pass) break
      highestPassed = target
      measured = summary
      if (target >= options.maxUsers) break
    }
  } else {
    await rampTo(options.users)
    measured = await hold(`${options.users} users`, options.duration)
  }

  clearInterval(windowTimer)
  recorder.close(window)
  const wholeSummary = summarise(recorder.close(whole))
  world.stop.abort()
  await Promise.race([Promise.all(lives), sleep(options.timeoutMs + 5000)])
  for (const user of users) user.sse?.close()
  stopSampling()
  clearInterval(sweeper)
  world.http.close()

  const shown = measured ?? plateaus[plateaus.length - 1] ?? wholeSummary
  printSummary(shown, options.criteria, CORES)
  printLogins(wholeSummary)
  if (options.capacity) printCapacity(plateaus, highestPassed, options.hold)
  console.log(`command: ${commandLine()}`)
  const path = writeResults(options.db, {
    command: commandLine(),
    date: new Date().toISOString(),
    db: options.db,
    mode: options.capacity ? 'capacity' : 'fixed',
    cores: CORES,
    note: 'load generator, server and database share the machine',
    options: { ...options, argv: undefined },
    seed: { users: plan.userIds.length, boards: boards.length, boardSeconds },
    measured: shown,
    verdict: evaluate(shown, options.criteria),
    capacity: options.capacity ? { highestPassed, plateaus } : undefined,
    windows,
    whole: wholeSummary,
  })
  console.log(`results: ${path.replace(fileURLToPath(ROOT), '')}`)
} finally {
  // After a Ctrl-C the server may have stopped by itself (same process group).
  if (child.exitCode === null && child.signalCode === null) await stopServer(child)
}

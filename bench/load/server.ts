/*
|--------------------------------------------------------------------------
| The Hearth server under load: its database, its process, its CPU
|--------------------------------------------------------------------------
|
| SQLite (default): a fresh DATA_DIR under tmp/load for every run.
| PostgreSQL (DB_CONNECTION=pg): DB_DATABASE (default hearth_load) is
| created if missing and emptied with `node ace migration:fresh --force`;
| only a database whose name contains "load" is ever emptied.
|
| The server is `bin/server.ts` in production mode (bench/lib.ts), with the
| per-account API limit raised through API_RATE_LIMIT. Its CPU and memory
| are read from /proc/<pid> once a second.
|
*/
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { ROOT } from '../lib.js'
import type { Sample } from './metrics.js'

/** Linux reports process CPU time in clock ticks of 10 ms (USER_HZ = 100). */
const TICK_MS = 10
export const CORES = availableParallelism()

export type Database = 'sqlite' | 'pg'

/** The environment shared by the seeder, ace and the server. */
export function serverEnv(db: Database, port: number): Record<string, string> {
  const common = {
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('base64url'),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT: '100000000',
    BOARD_UPDATE_RATE_LIMIT: '100000000',
    DATA_DIR: fileURLToPath(new URL(`tmp/load/data-${db}-${port}`, ROOT)),
  }
  if (db === 'sqlite') return { ...common, DB_CONNECTION: 'sqlite' }
  return {
    ...common,
    DB_CONNECTION: 'pg',
    DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
    DB_PORT: process.env.DB_PORT ?? '5432',
    DB_USER: process.env.DB_USER ?? 'postgres',
    DB_PASSWORD: process.env.DB_PASSWORD ?? '',
    DB_DATABASE: process.env.DB_DATABASE ?? 'hearth_load',
  }
}

/**
 * Runs a Node script of the project (ace, the seeder) to completion with `env`; its standard
 * output is shown unless `quiet` (errors always are).
 */
export function runNode(args: string[], env: Record<string, string>, quiet = false) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))
    )
  })
}

/** An empty database for the run: a fresh SQLite directory, or PostgreSQL created and emptied. */
export async function prepareDatabase(env: Record<string, string>) {
  await rm(env.DATA_DIR, { recursive: true, force: true })
  await mkdir(env.DATA_DIR, { recursive: true })
  if (env.DB_CONNECTION !== 'pg') return
  const name = env.DB_DATABASE
  if (!name.includes('load') || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`refusing to empty database "${name}": its name must contain "load"`)
  }
  const client = new pg.Client({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    database: 'postgres',
  })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount === 0) await client.query(`create database ${name}`)
  } finally {
    await client.end()
  }
  await runNode(['ace', 'migration:fresh', '--force'], env, true)
}

function procFile(pid: number, name: string) {
  return readFileSync(`/proc/${pid}/${name}`, 'utf8')
}

/** CPU time (user + system) of a process, in ms. */
function processCpuMs(pid: number) {
  const fields = procFile(pid, 'stat').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

function rssMb(pid: number) {
  return Number(/VmRSS:\s+(\d+) kB/.exec(procFile(pid, 'status'))![1]) / 1024
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1, 9)
  const values = fields.map(Number)
  const total = values.reduce((sum, value) => sum + value, 0)
  const idle = values[3] + values[4]
  return { busy: total - idle, total }
}

/**
 * Samples the server process, this process and the machine once a second,
 * handing each sample to `onSample` (which adds the user and stream counts).
 */
export function sampleEverySecond(pid: number, onSample: (sample: Sample) => void) {
  let last = {
    at: performance.now(),
    server: processCpuMs(pid),
    own: process.cpuUsage(),
    machine: machineTicks(),
  }
  const timer = setInterval(() => {
    try {
      const now = {
        at: performance.now(),
        server: processCpuMs(pid),
        own: process.cpuUsage(),
        machine: machineTicks(),
      }
      const elapsed = now.at - last.at
      const ownMs = (now.own.user - last.own.user + now.own.system - last.own.system) / 1000
      const serverCore = ((now.server - last.server) / elapsed) * 100
      const machineTotal = now.machine.total - last.machine.total
      onSample({
        serverCore,
        serverMachine: serverCore / CORES,
        serverRssMb: rssMb(pid),
        generatorCore: (ownMs / elapsed) * 100,
        generatorRssMb: process.memoryUsage.rss() / 1024 / 1024,
        machine:
          machineTotal > 0 ? ((now.machine.busy - last.machine.busy) / machineTotal) * 100 : 0,
        users: 0,
        streams: 0,
      })
      last = now
    } catch {
      // The server exited; the run notices through its requests.
    }
  }, 1000)
  return () => clearInterval(timer)
}

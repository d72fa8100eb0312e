/*
|--------------------------------------------------------------------------
| Shared pieces of the benchmarks
|--------------------------------------------------------------------------
*/
import { randomBytes } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

export const ROOT = new URL('../', import.meta.url)

/** Reads `--name=value` flags, with defaults. */
export function flag(name: string, fallback: string) {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`))
  return found ? found.slice(name.length + 3) : fallback
}

/** Boots the Hearth application (no HTTP server) so a script can use its services. */
export async function bootApp() {
  process.env.TZ = 'UTC'
  await import('reflect-metadata')
  const { Ignitor } = await import('@adonisjs/core')
  const { importer } = await import('../bin/importer.js')
  const app = new Ignitor(ROOT, { importer }).createApp('console')
  await app.init()
  await app.boot()
  await import('#start/env')
  await app.start(() => {})
  return app
}

export type Stats = { count: number; seconds: number; p50: number; p99: number; perSecond: number }

/** Percentiles (ms) and throughput of a list of latencies measured over `seconds`. */
export function summarise(latencies: number[], seconds: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    count: sorted.length,
    seconds,
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    perSecond: round(sorted.length / seconds),
  }
}

export function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export function round(value: number) {
  return Math.round(value * 100) / 100
}

/**
 * Runs `task` from `concurrency` loops for `seconds` and returns the latency
 * of every completed call. Failures abort the run: a benchmark of errors
 * measures nothing.
 */
export async function closedLoop(seconds: number, concurrency: number, task: () => Promise<void>) {
  const latencies: number[] = []
  const deadline = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now()
        await task()
        latencies.push(performance.now() - started)
      }
    })
  )
  return latencies
}

/** The PostgreSQL database the benchmarks use, from the usual DB_* variables. */
export const benchDatabase = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 5432),
  user: process.env.DB_USER ?? 'postgres',
  password: process.env.DB_PASSWORD ?? '',
  database: process.env.DB_DATABASE ?? 'hearth_bench',
}

/** Starts a Hearth server on the benchmark database, on `port`. */
export function startBenchServer(port: string) {
  return startServer({
    PORT: port,
    HOST: '127.0.0.1',
    APP_KEY: randomBytes(32).toString('base64url'),
    DB_CONNECTION: 'pg',
    DB_HOST: benchDatabase.host,
    DB_PORT: String(benchDatabase.port),
    DB_USER: benchDatabase.user,
    DB_PASSWORD: benchDatabase.password,
    DB_DATABASE: benchDatabase.database,
  })
}

/** A personal access token of a seeded user (`bench`, in every channel, unless told). */
export async function benchToken(url: string, name: string, scopes: string[], login = 'bench') {
  const issued = await fetch(`${url}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: BENCH_PASSWORD, name, scopes }),
  })
  if (issued.status !== 201) throw new Error(`token request answered ${issued.status}`)
  const { token } = (await issued.json()) as { token: string }
  return token
}

/**
 * Starts a Hearth server as a child process (`preload`: modules it imports first) and waits
 * for /health. BENCH_SERVER_ARGS adds Node options to it, e.g. `--cpu-prof` to profile it.
 */
export async function startServer(env: Record<string, string>, preload: string[] = []) {
  const port = env.PORT
  const imports = ['@poppinss/ts-exec', ...preload].map((module) => `--import=${module}`)
  const extra = process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...extra, ...imports, 'bin/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      API_RATE_LIMIT: '100000000',
      BOARD_UPDATE_RATE_LIMIT: '100000000',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const stale = await fetch(`${url}/health`).then(
    () => true,
    () => false
  )
  if (stale) {
    child.kill('SIGKILL')
    throw new Error(`port ${port} is already taken: stop that server first`)
  }
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`${url}/health`)
      if (response.ok) return { url, child }
    } catch {}
    await sleep(500)
  }
  child.kill('SIGKILL')
  throw new Error('the server did not become healthy in 60 s')
}

export async function stopServer(child: ChildProcess) {
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
}

/** Prints the command line that produced the figures, as the README asks. */
export function printCommand() {
  const env = ['DB_CONNECTION', 'DB_DATABASE', 'DB_HOST']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`)
  const script = process.argv[1].replace(ROOT.pathname, '')
  console.log(
    `command: ${[...env, 'npx node --import=@poppinss/ts-exec', script, ...process.argv.slice(2)].join(' ')}`
  )
}

/** A JSON request to a Hearth server at `url`; fails loudly on any status other than `expect`. */
export async function apiCall(
  url: string,
  auth: { token?: string; headers?: Record<string, string> },
  method: string,
  path: string,
  body?: unknown,
  expect = 200
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      'accept': 'application/json',
      'content-type': 'application/json',
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : auth.headers),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = response.status === 204 ? null : ((await response.json()) as any)
  if (response.status !== expect) {
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`)
  }
  return json
}

/** The password of every account the benchmarks make or seed. */
export const BENCH_PASSWORD = 'bench password 1'

/** Signs up an account the way a browser does (session cookie and CSRF token). */
export async function signUp(url: string, username: string, invite?: string) {
  const csrf = await fetch(`${url}/api/v1/auth/csrf`)
  const cookies = csrf.headers.getSetCookie().map((line) => line.split(';')[0])
  const xsrf = cookies.find((cookie) => cookie.startsWith('XSRF-TOKEN='))!.split('=')[1]
  const headers = { 'cookie': cookies.join('; '), 'x-xsrf-token': decodeURIComponent(xsrf) }
  const account = { username, email: `${username}@example.test`, password: BENCH_PASSWORD, invite }
  await apiCall(url, { headers }, 'POST', '/api/v1/auth/signup', account, 201)
}

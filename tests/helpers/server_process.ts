import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import app from '@adonisjs/core/services/app'

/**
 * A Hearth server of its own, as `npm start` runs it (its own process, the embedded SQLite
 * database in a directory of its own, the built web app), which a test can kill outright and
 * start again on the same data: a real restart, not a closed listener.
 */
export class ServerProcess {
  readonly url: string
  readonly #dataDir = mkdtempSync(join(tmpdir(), 'hearth-restart-'))
  readonly #appKey = randomBytes(32).toString('base64url')
  #child: ChildProcess | null = null

  constructor(readonly port: number) {
    this.url = `http://127.0.0.1:${port}`
  }

  async start() {
    if (await this.#healthy()) throw new Error(`port ${this.port} is already taken`)
    this.#child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
      cwd: app.appRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        APP_URL: this.url,
        APP_KEY: this.#appKey,
        DB_CONNECTION: 'sqlite',
        DATA_DIR: this.#dataDir,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (await this.#healthy()) return
      if (this.#child.exitCode !== null) throw new Error('the server process exited at start')
      await sleep(200)
    }
    throw new Error('the server did not answer /health within 60 s')
  }

  /** Ends the process with SIGKILL, as a crash or `kill -9` would: nothing is flushed. */
  async kill() {
    const child = this.#child
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    this.#child = null
  }

  /** Stops the server and forgets its data. */
  async dispose() {
    await this.kill()
    rmSync(this.#dataDir, { recursive: true, force: true })
  }

  async #healthy() {
    try {
      const response = await fetch(`${this.url}/health`)
      return response.ok
    } catch {
      return false
    }
  }
}

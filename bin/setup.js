/*
|--------------------------------------------------------------------------
| First-run set-up
|--------------------------------------------------------------------------
|
| `npm start` runs this before the server. On a fresh checkout it writes
| `.env` from `.env.example` with a freshly generated APP_KEY, so the
| server starts with no manual configuration. An existing `.env` is never
| touched. Then it builds the web app when the build is missing or stale
| (`npm run dev` passes --dev: Vite serves the app from source there).
|
*/
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { ensureWebApp } from './web_build.js'

const envFile = new URL('../.env', import.meta.url)
const exampleFile = new URL('../.env.example', import.meta.url)

if (!existsSync(envFile)) {
  const key = randomBytes(32).toString('base64url')
  const contents = readFileSync(exampleFile, 'utf8').replace(/^APP_KEY=.*$/m, `APP_KEY=${key}`)
  writeFileSync(envFile, contents, { mode: 0o600 })
  console.log('Created .env with a new APP_KEY (edit it to configure Hearth).')
}

if (!process.argv.includes('--dev')) {
  try {
    ensureWebApp()
  } catch (error) {
    console.error(error.message)
    process.exit(1)
  }
}

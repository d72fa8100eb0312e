/*
|--------------------------------------------------------------------------
| The web app's build, when it is missing or stale
|--------------------------------------------------------------------------
|
| `npm start` (bin/setup.js) and the test runs call this: the app in
| resources/ is built into public/ by `vite build` unless public/ already
| holds a build of exactly these sources. The fingerprint covers every file
| the build reads (resources/, vite.config.ts, the lock file), so a pull or
| an edit rebuilds and nothing else does.
|
*/
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const stampFile = join(root, 'public', '.build-fingerprint')
const INPUTS = ['resources', 'boards/document', 'vite.config.ts', 'package-lock.json']

function* filesOf(path) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) yield* filesOf(join(path, name))
  } else {
    yield path
  }
}

/** A hash of every input's path and content. */
export function fingerprint() {
  const hash = createHash('sha256')
  for (const input of INPUTS) {
    for (const file of filesOf(join(root, input))) {
      hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0')
    }
  }
  return hash.digest('hex')
}

/** Whether public/ holds a build of the current sources. */
export function webAppIsCurrent() {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === fingerprint()
}

/**
 * Builds the web app unless it is current. Throws when the build fails (a type the bundler
 * rejects, or the bundle over its size budget).
 */
export function ensureWebApp({ quiet = false } = {}) {
  if (webAppIsCurrent()) return false
  if (!existsSync(join(root, 'node_modules', 'vite'))) {
    throw new Error('The web app needs building but Vite is not installed: run npm ci first.')
  }
  const started = Date.now()
  if (!quiet) console.log('Building the web app…')
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--logLevel', quiet ? 'warn' : 'info'],
    {
      cwd: root,
      stdio: 'inherit',
      // Always the production build, whoever calls (the test runner sets NODE_ENV=test, which
      // would give Vue's development build, twice the size, to every later `npm start`).
      env: { ...process.env, NODE_ENV: 'production' },
    }
  )
  if (result.status !== 0) throw new Error('The web app build failed (see above).')
  writeFileSync(stampFile, `${fingerprint()}\n`)
  if (!quiet) console.log(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureWebApp()
  } catch (error) {
    console.error(error.message)
    process.exitCode = 1
  }
}

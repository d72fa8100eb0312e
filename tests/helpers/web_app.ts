import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

/**
 * Builds the web app into public/ unless it is current (bin/web_build.js, as `npm start`
 * does), for the tests that load it.
 */
export function buildWebApp() {
  const result = spawnSync(process.execPath, [app.makePath('bin/web_build.js')], {
    cwd: app.makePath(),
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error('the web app did not build')
}

/** The built files under public/assets/. */
export function builtAssets() {
  return readdirSync(app.makePath('public/assets'))
}

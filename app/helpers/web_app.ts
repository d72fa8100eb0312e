import { readFile, stat } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'

/**
 * Where `vite build` writes the web app (vite.config.ts): hashed files under `assets/`,
 * a few fixed ones at the top (the favicon) and `index.html`, the page for every address.
 */
export const webAppDir = app.makePath('public')

/** Paths the app never owns: the API, Transmit's stream and the health probe. */
export function isServerPath(path: string) {
  return /^\/(api|__transmit|health)(\/|$)/.test(path)
}

const FILE_TYPES =
  /\.(m?js|css|map|json|txt|xml|html|ico|png|jpe?g|gif|svg|webp|woff2?|webmanifest)$/i

/** Whether a GET for this path is an address of the web app (a screen, not a file). */
export function isWebAppAddress(path: string) {
  if (isServerPath(path)) return false
  // A missing file (`/assets/old-1a2b.js`, `/robots.txt`) is a 404, never the page.
  return !path.startsWith('/assets/') && !FILE_TYPES.test(path)
}

let cached: { mtimeMs: number; html: string } | null = null

/**
 * The built `index.html`, or null when the app has not been built. Read again only when
 * the file changes (a rebuild while the server runs).
 */
export async function webAppPage() {
  const file = `${webAppDir}/index.html`
  const info = await stat(file).catch(() => null)
  if (!info) return null
  if (cached?.mtimeMs !== info.mtimeMs) {
    cached = { mtimeMs: info.mtimeMs, html: await readFile(file, 'utf8') }
  }
  return cached.html
}

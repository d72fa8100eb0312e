import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * The web app's size budget, gzipped: what a browser must load before the chat screen
 * shows. Part of every build, so a change past it fails `vite build` (and `npm start`).
 */
const BUDGET = { js: 170 * 1024, css: 30 * 1024 }

/** Lazy screens whose own size (their chunk and what it alone imports) each build prints. */
const LAZY_SCREENS = { board: '/resources/views/BoardView.vue' }

/** Modules that count as initial wherever they are: the chat screen itself. */
const INITIAL_MODULES = [
  '/resources/views/ChatShellView.vue',
  '/resources/views/ChatChannelView.vue',
]

type OutputChunk = {
  type: 'chunk'
  code: string
  isEntry: boolean
  imports: string[]
  moduleIds: string[]
  viteMetadata?: { importedCss: Set<string> }
}
type OutputAsset = { type: 'asset'; source: string | Uint8Array }

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/**
 * Sums the gzipped size of the entry chunk, the chunks of INITIAL_MODULES and everything
 * they import statically, with the CSS they pull in, and fails the build past BUDGET.
 */
function bundleBudget(): Plugin {
  return {
    name: 'hearth-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = bundle as Record<string, OutputChunk | OutputAsset>
      const chunks = Object.entries(files).filter(
        (entry): entry is [string, OutputChunk] => entry[1].type === 'chunk'
      )
      const initial = new Set<string>()
      const visit = (name: string) => {
        if (initial.has(name)) return
        initial.add(name)
        const chunk = files[name] as OutputChunk
        chunk.imports.forEach(visit)
      }
      for (const [name, chunk] of chunks) {
        const holdsInitial = chunk.moduleIds.some((id) =>
          INITIAL_MODULES.some((path) => id.endsWith(path))
        )
        if (chunk.isEntry || holdsInitial) visit(name)
      }

      let js = 0
      const css = new Set<string>()
      for (const name of initial) {
        const chunk = files[name] as OutputChunk
        js += gzipSync(chunk.code).length
        chunk.viteMetadata?.importedCss.forEach((file) => css.add(file))
      }
      let styles = 0
      for (const name of css) styles += gzipSync((files[name] as OutputAsset).source).length

      for (const [screen, path] of Object.entries(LAZY_SCREENS)) {
        const own = new Set<string>()
        const visitLazy = (name: string) => {
          if (initial.has(name) || own.has(name)) return
          own.add(name)
          ;(files[name] as OutputChunk).imports.forEach(visitLazy)
        }
        for (const [name, chunk] of chunks) {
          if (chunk.moduleIds.some((id) => id.endsWith(path))) visitLazy(name)
        }
        let size = 0
        for (const name of own) size += gzipSync((files[name] as OutputChunk).code).length
        this.info(`${screen} screen JS ${kb(size)} gzipped on top of the initial JS`)
      }

      this.info(
        `initial JS ${kb(js)} gzipped (budget ${kb(BUDGET.js)}), CSS ${kb(styles)} (budget ${kb(BUDGET.css)})`
      )
      if (js > BUDGET.js) this.error(`initial JS is ${kb(js)} gzipped, over ${kb(BUDGET.js)}`)
      if (styles > BUDGET.css) this.error(`CSS is ${kb(styles)} gzipped, over ${kb(BUDGET.css)}`)
    },
  }
}

/**
 * The web app: sources in resources/, built into public/ (generated, not committed), which
 * the server serves (app/middleware/web_app_assets_middleware.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./resources', import.meta.url)),
  publicDir: 'public',
  base: '/',
  resolve: { alias: { '@': fileURLToPath(new URL('./resources', import.meta.url)) } },
  plugins: [vue(), bundleBudget()],
  build: {
    outDir: fileURLToPath(new URL('./public', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every script and style is a file of its own: the app runs under a strict CSP.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { strictPort: true },
})

import type { HLJSApi, LanguageFn } from 'highlight.js'

type Loader = () => Promise<{ default: LanguageFn }>

/** The languages highlighted, each its own chunk, loaded the first time a block needs it. */
const LANGUAGES: Record<string, Loader> = {
  typescript: () => import('highlight.js/lib/languages/typescript'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  bash: () => import('highlight.js/lib/languages/bash'),
  python: () => import('highlight.js/lib/languages/python'),
  go: () => import('highlight.js/lib/languages/go'),
  sql: () => import('highlight.js/lib/languages/sql'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
  diff: () => import('highlight.js/lib/languages/diff'),
  xml: () => import('highlight.js/lib/languages/xml'),
  css: () => import('highlight.js/lib/languages/css'),
}

const ALIASES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsonc: 'json',
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  py: 'python',
  golang: 'go',
  yml: 'yaml',
  patch: 'diff',
  html: 'xml',
  svg: 'xml',
  vue: 'xml',
}

/** Bigger blocks stay plain: highlighting them could hold the page past 50 ms. */
const MAX_CHARS = 12_000
const MAX_LINES = 400
const KEPT = 500
/** Leave the rest of an idle period to the browser below this many milliseconds. */
const SLICE_MS = 8

type Job = { language: string; code: string; key: string; done: Array<() => void> }

const results = new Map<string, string | null>()
const jobs = new Map<string, Job>()
let core: Promise<HLJSApi> | null = null
let working = false

const keyOf = (language: string, code: string) => `${language}\u0000${code}`

/** The language a fence names (`ts`, `shell`, `html`…) when we highlight it, else null. */
export function languageOf(info: string) {
  const name = info.toLowerCase()
  const language = ALIASES[name] ?? name
  return Object.hasOwn(LANGUAGES, language) ? language : null
}

/** A block's highlighted HTML; null when it stays plain; undefined while not done yet. */
export function highlighted(language: string, code: string): string | null | undefined {
  if (code.length > MAX_CHARS || code.split('\n', MAX_LINES + 1).length > MAX_LINES) return null
  return results.get(keyOf(language, code))
}

/**
 * Highlights blocks in idle time, one block at a time, and calls `done` once all of them
 * are ready (or stay plain because their language could not load).
 */
export function requestHighlight(
  blocks: Array<{ language: string; code: string }>,
  done: () => void
) {
  let left = blocks.length
  const one = () => {
    left -= 1
    if (left === 0) done()
  }
  for (const { language, code } of blocks) {
    const key = keyOf(language, code)
    const job = jobs.get(key) ?? { language, code, key, done: [] }
    job.done.push(one)
    jobs.set(key, job)
  }
  void work()
}

const idle = () =>
  new Promise<IdleDeadline | null>((resolve) => {
    if ('requestIdleCallback' in window) requestIdleCallback(resolve, { timeout: 500 })
    else setTimeout(() => resolve(null), 16)
  })

async function work() {
  if (working) return
  working = true
  try {
    core ??= import('highlight.js/lib/core').then((module) => module.default)
    const hljs = await core
    while (jobs.size > 0) {
      const deadline = await idle()
      const started = performance.now()
      for (const job of [...jobs.values()]) {
        const spent = performance.now() - started
        if (deadline ? deadline.timeRemaining() < SLICE_MS : spent > SLICE_MS) break
        jobs.delete(job.key)
        await run(hljs, job)
      }
    }
  } catch {
    // The highlighter itself could not load (offline): the blocks stay plain.
    for (const job of jobs.values()) finish(job, null)
    jobs.clear()
    core = null
  } finally {
    working = false
  }
}

async function run(hljs: HLJSApi, job: Job) {
  try {
    if (!hljs.getLanguage(job.language)) {
      const definition = await LANGUAGES[job.language]()
      hljs.registerLanguage(job.language, definition.default)
      // A grammar compiles on first use: that, then the block, each in an idle period.
      hljs.highlight('', { language: job.language })
      await idle()
    }
    const html = hljs.highlight(job.code, { language: job.language, ignoreIllegals: true }).value
    finish(job, html)
  } catch {
    finish(job, null)
  }
}

function finish(job: Job, html: string | null) {
  results.set(job.key, html)
  if (results.size > KEPT) results.delete(results.keys().next().value!)
  job.done.forEach((done) => done())
}

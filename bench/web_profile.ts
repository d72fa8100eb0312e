/*
|--------------------------------------------------------------------------
| CPU profiles of a page, for the web benchmarks' --profile
|--------------------------------------------------------------------------
*/
import type { BrowserContext, Page } from 'playwright-core'
import { round } from './lib.js'

type Profiler = Awaited<ReturnType<BrowserContext['newCDPSession']>>

/** --profile: the page's main thread sampled by V8's profiler (every 0.1 ms), over CDP. */
export async function startProfile(page: Page) {
  const session = await page.context().newCDPSession(page)
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: 100 })
  await session.send('Profiler.start')
  return session
}

/**
 * Stops the profile and prints where the main thread's time went: self time by script and by
 * function (a build with `vite build --minify false` keeps the names readable).
 */
export async function printProfile(session: Profiler, what: string) {
  const { profile } = await session.send('Profiler.stop')
  await session.detach()
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const byFunction = new Map<string, number>()
  const byScript = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (const [index, id] of samples.entries()) {
    const frame = nodes.get(id)!.callFrame
    const ms = (deltas[index + 1] ?? 0) / 1000
    const script = frame.url ? frame.url.replace(/^.*\//, '') : frame.functionName
    const name = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms)
    byScript.set(script, (byScript.get(script) ?? 0) + ms)
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]) => `  ${round(ms)} ms  ${name}`)
      .join('\n')
  console.log(`\nprofile of ${what}, self time by script:\n${top(byScript, 8)}`)
  console.log(`by function:\n${top(byFunction, 25)}`)
}

/*
|--------------------------------------------------------------------------
| Event-loop delay probe, loaded into a benchmark's server (--import)
|--------------------------------------------------------------------------
|
| Samples the server's own event-loop delay every millisecond. On SIGUSR2 it
| writes what it saw since the last signal (p50, p99, max, in ms) to
| LOOP_PROBE_FILE as JSON and starts over: how long any request, message or
| timer of anyone else waited behind the work in front of it.
|
*/
import { writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const file = process.env.LOOP_PROBE_FILE
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  process.on('SIGUSR2', () => {
    const ms = (ns: number) => Math.round(ns / 10_000) / 100
    const seen = {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
      samples: delay.count,
    }
    writeFileSync(file, JSON.stringify(seen))
    delay.reset()
  })
}

import db from '@adonisjs/lucid/services/db'

type Check = { name: string; healthy: boolean; message: string; latencyMs: number }

const TIMEOUT_MS = 2000

/**
 * Probes what the server needs to serve: today, the database. Each probe is
 * bounded by a timeout so a hung database answers 503 rather than hanging
 * the probe.
 */
export async function checkHealth() {
  const checks = [await probe('database', () => db.rawQuery('select 1'))]
  return { healthy: checks.every((check) => check.healthy), checks }
}

async function probe(name: string, run: () => Promise<unknown>): Promise<Check> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)
      }),
    ])
    return { name, healthy: true, message: 'ok', latencyMs: elapsed(started) }
  } catch (error) {
    return { name, healthy: false, message: (error as Error).message, latencyMs: elapsed(started) }
  } finally {
    clearTimeout(timer)
  }
}

function elapsed(started: number) {
  return Math.round((performance.now() - started) * 100) / 100
}

import logger from '@adonisjs/core/services/logger'

/**
 * Runs `task` every `ms`, never two runs at once (a slow run makes the next one wait for the
 * following tick), without keeping the process alive; a failed run is logged as `failure`.
 * Answers how to stop it.
 */
export function every(ms: number, task: () => Promise<unknown>, failure: string) {
  let running = false
  const timer = setInterval(async () => {
    if (running) return
    running = true
    try {
      await task()
    } catch (error) {
      logger.warn({ err: error }, failure)
    } finally {
      running = false
    }
  }, ms)
  timer.unref()
  return () => clearInterval(timer)
}

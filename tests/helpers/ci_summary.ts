import type { NamedReporterContract } from '@japa/runner/types'

/**
 * Prints `Tests: N passed, N failed, N skipped` as the very last line of
 * the run, the plain line CI reads.
 */
export function ciSummary(): NamedReporterContract {
  return {
    name: 'ci-summary',
    handler(runner, emitter) {
      emitter.on('runner:end', () => {
        const { aggregates } = runner.getSummary()
        process.once('exit', () => {
          const { passed, failed, skipped, todo } = aggregates
          console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped + todo} skipped`)
        })
      })
    },
  }
}

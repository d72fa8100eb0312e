import { defineConfig, stores } from '@adonisjs/limiter'

/**
 * Counters live in memory: one process serves a team on SQLite. Several
 * instances behind a load balancer need a shared store (Redis), which the
 * scale-out work adds.
 */
const limiterConfig = defineConfig({
  default: 'memory',
  stores: {
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}

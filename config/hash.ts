import app from '@adonisjs/core/services/app'
import { defineConfig, drivers } from '@adonisjs/core/hash'

/**
 * scrypt is memory-hard and ships with Node, so there is no native addon to
 * build. N=2^15, r=8, p=3 is one of OWASP's equivalent minimum settings
 * (32 MiB per hash). Tests use a cheap cost so the suite stays fast; hashes
 * carry their parameters, so either verifies the other.
 */
const hashConfig = defineConfig({
  default: 'scrypt',
  list: {
    scrypt: drivers.scrypt({
      cost: app.inTest ? 1024 : 32768,
      blockSize: 8,
      parallelization: app.inTest ? 1 : 3,
      maxMemory: 64 * 1024 * 1024,
    }),
  },
})

export default hashConfig

declare module '@adonisjs/core/types' {
  export interface HashersList extends InferHashers<typeof hashConfig> {}
}

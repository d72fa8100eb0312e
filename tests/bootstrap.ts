import { createServer } from 'node:http'
import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { spec } from '@japa/runner/reporters'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { ciSummary } from '#tests/helpers/ci_summary'
import { boardSync } from '#boards/sync/board_sync_server'
import { buildWebApp } from '#tests/helpers/web_app'

export const plugins: Config['plugins'] = [assert(), apiClient(), pluginAdonisJS(app)]

export const reporters: Config['reporters'] = {
  activated: ['spec', 'ci-summary'],
  list: [spec(), ciSummary()],
}

/**
 * The suite runs on a database of its own: every table is dropped and the
 * migrations applied afresh, so a crashed earlier run leaves no trace.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      // An FTS5 table drops its shadow tables itself; Lucid would then try to drop them again.
      if (db.connection().dialect.name === 'better-sqlite3') {
        await db.rawQuery('DROP TABLE IF EXISTS post_search_fts')
      }
      await db.connection().dropAllTables()
      await testUtils.db().migrate()
    },
  ],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (suite.name === 'functional' || suite.name === 'browser') {
    // Board sockets share the HTTP port, as in production (boards/providers/board_sync_provider.ts).
    suite.setup(() =>
      testUtils.httpServer().start((handler) => {
        const server = createServer(handler)
        boardSync.attach(server)
        return server
      })
    )
  }
  if (suite.name === 'browser') {
    // The app as `npm start` serves it, in Debian's Chromium, on the database as it grows.
    suite.setup(() => buildWebApp())
    suite.setup(async () => {
      const { closeBrowser, openSignup } = await import('#tests/helpers/browser')
      await openSignup()
      return closeBrowser
    })
  }
}

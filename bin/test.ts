/*
|--------------------------------------------------------------------------
| Test runner entry point
|--------------------------------------------------------------------------
*/
process.env.NODE_ENV = 'test'

/** Timestamps are UTC everywhere: in the database, in logs, in the API. */
process.env.TZ = 'UTC'

import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { configure, processCLIArgs, run } from '@japa/runner'
import { APP_ROOT, importer } from './importer.js'

/** Notification emails go to a real SMTP server of the test run's own. */
const { mailbox } = await import('#tests/helpers/smtp')
process.env.SMTP_HOST = '127.0.0.1'
process.env.SMTP_PORT = String(await mailbox.start())

new Ignitor(APP_ROOT, { importer })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
  .testRunner()
  .configure(async (app) => {
    const { runnerHooks, ...config } = await import('../tests/bootstrap.js')

    const args = process.argv.splice(2)
    processCLIArgs(args)
    // The browser suite needs Chromium: it runs when named (`npm run test:browser`), not by default.
    const suites = app.rcFile.tests.suites.filter(
      (suite) => suite.name !== 'browser' || args.includes('browser')
    )
    configure({
      ...app.rcFile.tests,
      suites,
      ...config,
      setup: runnerHooks.setup,
      teardown: runnerHooks.teardown.concat([() => app.terminate(), () => mailbox.stop()]),
    })
  })
  .run(async (app) => {
    await run()
    /**
     * When the runner fails before its hooks are installed (a bad --files
     * filter, say), its teardown never runs: stop the app so the process ends.
     */
    if (!app.isTerminating && !app.isTerminated) await app.terminate()
    await mailbox.stop()
  })
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })

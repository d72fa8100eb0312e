import type { ApplicationService } from '@adonisjs/core/types'

/**
 * On the embedded SQLite database, applies pending migrations when the
 * server (or an admin command) starts, so `npm start` needs no set-up.
 * PostgreSQL and MySQL are migrated explicitly with `node ace migration:run`,
 * as befits a shared server.
 */
export default class DatabaseSetupProvider {
  constructor(protected app: ApplicationService) {}

  async start() {
    if (!this.#shouldMigrate()) return
    const db = await this.app.container.make('lucid.db')
    if (db.primaryConnectionName !== 'sqlite') return

    const { MigrationRunner } = await import('@adonisjs/lucid/migration')
    const runner = new MigrationRunner(db, this.app, { direction: 'up' })
    await runner.run()
    if (runner.error) throw runner.error
    const applied = Object.keys(runner.migratedFiles).length
    if (applied > 0) {
      const logger = await this.app.container.make('logger')
      logger.info('applied %d database migration(s)', applied)
    }
  }

  /** The web server, and admin commands other than the migration ones themselves. */
  #shouldMigrate() {
    const environment = this.app.getEnvironment()
    if (environment === 'web') return true
    if (environment !== 'console') return false
    const command = process.argv.find((arg) => /^[a-z]+:[a-z-]+$/.test(arg)) ?? ''
    return (
      !command.startsWith('migration:') &&
      !command.startsWith('db:') &&
      !command.startsWith('make:')
    )
  }
}

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import hearthConfig from '#config/hearth'

const migrations = { naturalSort: true, paths: ['database/migrations'] }
const debug = env.get('DB_DEBUG', false)

/**
 * SQLite is the embedded default: one file in DATA_DIR, created on first
 * start. PostgreSQL and MySQL/MariaDB are chosen with DB_CONNECTION.
 */
function sqliteFile() {
  mkdirSync(hearthConfig.dataDir, { recursive: true })
  const name = app.inTest ? 'hearth-test.sqlite3' : 'hearth.sqlite3'
  return join(hearthConfig.dataDir, name)
}

const connection = env.get('DB_CONNECTION', 'sqlite')

const dbConfig = defineConfig({
  connection,
  prettyPrintDebugQueries: debug,
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: { filename: connection === 'sqlite' ? sqliteFile() : ':memory:' },
      useNullAsDefault: true,
      migrations,
      debug,
      pool: {
        afterCreate: (conn: any, done: (error: Error | null, conn: any) => void) => {
          conn.pragma('journal_mode = WAL')
          conn.pragma('foreign_keys = ON')
          conn.pragma('busy_timeout = 5000')
          done(null, conn)
        },
      },
    },
    pg: {
      client: 'pg',
      connection: {
        host: env.get('DB_HOST', '127.0.0.1'),
        port: env.get('DB_PORT', 5432),
        user: env.get('DB_USER', 'postgres'),
        password: env.get('DB_PASSWORD', ''),
        database: env.get('DB_DATABASE', 'hearth'),
      },
      migrations,
      debug,
    },
    mysql: {
      client: 'mysql2',
      connection: {
        host: env.get('DB_HOST', '127.0.0.1'),
        port: env.get('DB_PORT', 3306),
        user: env.get('DB_USER', 'root'),
        password: env.get('DB_PASSWORD', ''),
        database: env.get('DB_DATABASE', 'hearth'),
        charset: 'utf8mb4',
        timezone: 'Z',
        dateStrings: false,
      },
      migrations,
      debug,
    },
  },
})

export default dbConfig

import env from '#start/env'
import { servedOverHttps } from '#config/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Sessions live in the database so that deactivating an account or changing
 * a password can end every session of that user at once.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'hearth-session',
  clearWithBrowser: false,
  age: env.get('SESSION_AGE', '30 days'),
  cookie: {
    path: '/',
    httpOnly: true,
    secure: servedOverHttps,
    sameSite: 'lax',
  },
  store: 'database',
  stores: {
    database: stores.database({ tableName: 'sessions' }),
  },
})

export default sessionConfig

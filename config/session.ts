import env from '#start/env'
import { servedOverHttps } from '#config/app'
import { defineConfig } from '@adonisjs/session'
import { signedInSessions } from '#app/auth/signed_in_session_store'

/**
 * Signed-in sessions live in the database so that deactivating an account or
 * changing a password can end every session of that user at once. Before
 * sign-in a session (its CSRF secret) rides in an encrypted cookie and
 * writes no row (app/auth/signed_in_session_store.ts).
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
    database: signedInSessions({ tableName: 'sessions' }),
  },
})

export default sessionConfig

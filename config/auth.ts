import { defineConfig } from '@adonisjs/auth'
import { sessionGuard, sessionUserProvider } from '@adonisjs/auth/session'
import { tokensGuard } from '@adonisjs/auth/access_tokens'
import { TokenUserProvider } from '#app/auth/token_user_provider'
import type { InferAuthenticators, InferAuthEvents, Authenticators } from '@adonisjs/auth/types'

/**
 * Two guards: `web` is the cookie session of the web app, `api` the Bearer
 * personal access tokens of scripts and bots. The `auth` middleware picks
 * `api` when an Authorization header is present, `web` otherwise.
 */
const authConfig = defineConfig({
  default: 'web',
  guards: {
    web: sessionGuard({
      useRememberMeTokens: false,
      provider: sessionUserProvider({
        model: () => import('#app/models/user'),
      }),
    }),
    api: tokensGuard({
      provider: new TokenUserProvider({
        tokens: 'accessTokens',
        model: () => import('#app/models/user'),
      }),
    }),
  },
})

export default authConfig

declare module '@adonisjs/auth/types' {
  export interface Authenticators extends InferAuthenticators<typeof authConfig> {}
}
declare module '@adonisjs/core/types' {
  interface EventsList extends InferAuthEvents<Authenticators> {}
}

import limiter from '@adonisjs/limiter/services/main'
import testUtils from '@adonisjs/core/services/test_utils'
import type { Group } from '@japa/runner/core'
import type User from '#app/models/user'
import { FACTORY_PASSWORD } from '#database/factories/user_factory'
import TokenService from '#app/services/token_service'
import type { TokenScope } from '#app/helpers/scopes'
import { WebClient } from '#tests/helpers/web_client'

/**
 * Each test of a functional group runs in a transaction rolled back after
 * it, with fresh rate-limit counters.
 */
export function isolate(group: Group) {
  group.each.setup(async () => {
    await limiter.clear()
    return testUtils.db().withGlobalTransaction()
  })
}

/** A browser-like client signed in as the user through the real login route. */
export async function signIn(user: User, password = FACTORY_PASSWORD) {
  const client = new WebClient()
  const response = await client.post('/api/v1/auth/login', { login: user.username, password })
  if (response.status !== 200) {
    throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`)
  }
  return client
}

/** A script-like client holding a fresh personal access token of the user. */
export async function withToken(user: User, scopes: TokenScope[] = ['write'], expiresIn = '30d') {
  const token = await new TokenService().create(user, { name: 'test', scopes, expiresIn })
  return new WebClient(token.value!.release())
}

/**
 * Use to sign up through the real route as `alice`, with `fields` overriding any of her details.
 */
export function signup(client: WebClient, fields: Record<string, unknown> = {}) {
  return client.post('/api/v1/auth/signup', {
    username: 'alice',
    email: 'alice@example.com',
    password: 'a long enough password',
    ...fields,
  })
}

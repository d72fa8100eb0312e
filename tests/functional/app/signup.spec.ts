import { test } from '@japa/runner'
import env from '#start/env'
import User from '#app/models/user'
import UserService from '#app/services/user_service'
import { WebClient } from '#tests/helpers/web_client'
import { isolate, signup } from '#tests/helpers/auth'

test.group('Sign-up', (group) => {
  isolate(group)

  test('the first account becomes system admin and is signed in', async ({ assert }) => {
    const client = new WebClient()
    const response = await signup(client)

    assert.equal(response.status, 201)
    assert.equal(response.body.user.username, 'alice')
    assert.isTrue(response.body.user.isAdmin)
    assert.notProperty(response.body.user, 'password')
    assert.match(response.headers.get('x-request-id')!, /.+/)

    const me = await client.get('/api/v1/users/me')
    assert.equal(me.status, 200)
    assert.equal(me.body.email, 'alice@example.com')
  })

  test('the session cookie is HttpOnly and SameSite', async ({ assert }) => {
    const client = new WebClient()
    await client.get('/api/v1/auth/csrf')
    const response = await fetch(`${WebClient.baseUrl()}/api/v1/auth/csrf`)
    const cookie = response.headers
      .getSetCookie()
      .find((line) => line.startsWith('hearth-session='))
    assert.match(cookie!, /HttpOnly/)
    assert.match(cookie!, /SameSite=Lax/)
  })

  test('later accounts need a team invite', async ({ assert }) => {
    await new UserService().createByAdmin({
      username: 'root',
      email: 'root@example.com',
      password: 'root password 1',
    })
    const response = await signup(new WebClient())

    assert.equal(response.status, 422)
    assert.deepEqual(response.body.errors[0], {
      code: 'invite_required',
      message: 'Sign-up needs a valid team invite',
      field: 'invite',
    })
    assert.isNull(await User.findBy('username', 'alice'))
  })

  test('behind a trusted proxy a forged X-Forwarded-For hop cannot dodge the sign-up limit', async ({
    assert,
  }) => {
    // .env.test: TRUST_PROXY=true, a proxy on this host, played by the test client.
    assert.deepEqual(env.get('TRUST_PROXY'), ['loopback'])
    const client = new WebClient()
    const attempt = (forged: string, real: string) =>
      client.post(
        '/api/v1/auth/signup',
        {},
        { headers: { 'x-forwarded-for': `${forged}, ${real}` } }
      )

    for (let index = 1; index <= 20; index++) {
      const refused = await attempt(`198.51.100.${index}`, '203.0.113.7')
      assert.equal(refused.status, 422, `attempt ${index}`)
    }
    const limited = await attempt('198.51.100.200', '203.0.113.7')
    const otherClient = await attempt('198.51.100.200', '203.0.113.8')

    assert.equal(limited.status, 429)
    assert.equal(limited.body.errors[0].code, 'rate_limited')
    assert.equal(otherClient.status, 422)
  })
})

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { WebClient } from '#tests/helpers/web_client'
import { isolate } from '#tests/helpers/auth'

async function sessionCount() {
  const [{ total }] = await db.from('sessions').count('* as total')
  return Number(total)
}

test.group('Health probe', (group) => {
  isolate(group)

  test('the probe reports a healthy database', async ({ assert }) => {
    const response = await new WebClient().get('/health')

    assert.equal(response.status, 200)
    assert.isTrue(response.body.healthy)
    assert.lengthOf(response.body.checks, 1)
    const [check] = response.body.checks
    assert.deepEqual(
      { name: check.name, healthy: check.healthy, message: check.message },
      { name: 'database', healthy: true, message: 'ok' }
    )
    assert.isNumber(check.latencyMs)
    assert.isAtLeast(check.latencyMs, 0)
  })

  test('the probe sets no cookie and leaves no session behind', async ({ assert }) => {
    const client = new WebClient()

    for (const path of ['/health', '/health?probe=lb']) {
      const response = await client.get(path)
      assert.equal(response.status, 200)
      assert.isNull(response.headers.get('set-cookie'))
      assert.lengthOf(response.headers.getSetCookie(), 0)
    }
    assert.equal(client.cookies.size, 0)
    assert.equal(await sessionCount(), 0)

    // The same client on an ordinary route does get cookies: the probe's silence is real.
    const csrf = await client.get('/api/v1/auth/csrf')
    assert.isNotEmpty(csrf.headers.getSetCookie())
  })

  test('every response carries its own request id, a 404 for an unknown route included', async ({
    assert,
  }) => {
    const client = new WebClient()

    const health = await client.get('/health')
    // Every other GET path is an address of the web app (its page); unknown API paths are 404s.
    const missing = await client.get('/api/v1/no/such/route')
    const refused = await client.get('/api/v1/teams')

    assert.equal(missing.status, 404)
    assert.deepEqual(missing.body, {
      errors: [{ code: 'route_not_found', message: 'No such route' }],
    })
    assert.equal(refused.status, 401)
    const ids = [health, missing, refused].map((response) => response.headers.get('x-request-id'))
    for (const id of ids) assert.match(id!, /\S+/)
    assert.lengthOf(new Set(ids), 3)
  })
})

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import { WebClient } from '#tests/helpers/web_client'
import { UserFactory } from '#database/factories/user_factory'
import { isolate, withToken } from '#tests/helpers/auth'

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

  test('a client-sent X-Request-Id is ignored: the server names the request and its log lines', async ({
    assert,
    cleanup,
  }) => {
    const logged: unknown[] = []
    let record!: (event: { ctx: { logger: { bindings(): Record<string, unknown> } } }) => void
    const bothLogged = new Promise<void>((resolve) => {
      record = ({ ctx }) => {
        logged.push(ctx.logger.bindings().request_id)
        if (logged.length === 2) resolve()
      }
    })
    emitter.on('http:request_completed', record)
    cleanup(() => emitter.off('http:request_completed', record))
    const client = new WebClient()

    const responses = [
      await client.get('/health', { headers: { 'x-request-id': 'forged-id' } }),
      await client.get('/no/such/route', { headers: { 'x-request-id': 'forged-id' } }),
    ]

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
    const echoed = responses.map((response) => response.headers.get('x-request-id'))
    for (const id of echoed) assert.match(id!, uuid)
    assert.notEqual(echoed[0], echoed[1])
    await bothLogged
    assert.sameMembers(logged, echoed)
  })

  test('every response carries the security headers: tokens, probes, unknown routes and errors', async ({
    assert,
  }) => {
    const script = await withToken(await UserFactory.create(), ['read'])
    const responses = {
      'token request': await script.get('/api/v1/users/me'),
      'token refused': await new WebClient('not-a-token').get('/api/v1/users/me'),
      'health probe': await new WebClient().get('/health'),
      'unknown route': await new WebClient().get('/api/v1/no/such/route'),
      'browser request': await new WebClient().get('/api/v1/auth/csrf'),
    }

    assert.deepEqual(
      Object.values(responses).map((response) => response.status),
      [200, 401, 200, 404, 204]
    )
    for (const [name, response] of Object.entries(responses)) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', name)
      assert.equal(response.headers.get('x-frame-options'), 'DENY', name)
      const csp = response.headers.get('content-security-policy') ?? ''
      assert.include(csp, "default-src 'self'", name)
      assert.include(csp, "frame-ancestors 'none'", name)
    }
  })
})

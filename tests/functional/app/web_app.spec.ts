import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { WebClient } from '#tests/helpers/web_client'
import { isolate } from '#tests/helpers/auth'
import { buildWebApp, builtAssets } from '#tests/helpers/web_app'

async function sessionCount() {
  const [{ total }] = await db.from('sessions').count('* as total')
  return Number(total)
}

test.group('Web app serving', (group) => {
  group.setup(() => buildWebApp())
  isolate(group)

  test('every address of the app answers with its page, so deep links work on reload', async ({
    assert,
  }) => {
    const client = new WebClient()
    const addresses = [
      '/',
      '/login',
      '/invite/Zm9vYmFy_-',
      '/teams/0196a3c0-0000-7000-8000-000000000000/channels/0196a3c0-0000-7000-8000-000000000001?post=0196a3c0-0000-7000-8000-000000000002',
      '/boards/0196a3c0-0000-7000-8000-000000000000/cards/0196a3c0-0000-7000-8000-000000000003',
    ]
    for (const address of addresses) {
      const response = await client.get(address, { headers: { accept: 'text/html' } })
      assert.equal(response.status, 200, address)
      assert.match(response.headers.get('content-type')!, /^text\/html/)
      assert.equal(response.headers.get('cache-control'), 'no-cache')
      assert.include(response.body, '<div id="app"></div>')
    }
  })

  test('the page runs under a strict CSP: no inline script or style, and it sets the XSRF cookie', async ({
    assert,
  }) => {
    const client = new WebClient()
    const response = await client.get('/')

    const csp = response.headers.get('content-security-policy') ?? ''
    assert.match(csp, /default-src 'self'/)
    // Only images may come from object URLs (the composer's local previews), nothing else.
    assert.match(csp, /img-src 'self' blob:/)
    assert.notMatch(csp, /(script|style|default)-src[^;]*blob:/)
    assert.notMatch(csp, /unsafe-inline|unsafe-eval/)
    assert.isTrue(client.cookies.has('XSRF-TOKEN'))

    const html: string = response.body
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    assert.isAbove(scripts.length, 0)
    for (const [, attributes, body] of scripts) {
      assert.match(attributes, /\bsrc="\/assets\/[^"]+\.js"/)
      assert.equal(body.trim(), '')
    }
    assert.notMatch(html, /<style\b|\bstyle="/)
    assert.match(html, /<link rel="stylesheet"[^>]* href="\/assets\/[^"]+\.css"/)
  })

  test('built files are served before routing: cached for good, with no session', async ({
    assert,
  }) => {
    const client = new WebClient()
    const script = builtAssets().find((name) => name.endsWith('.js'))!

    const response = await client.get(`/assets/${script}`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type')!, /javascript/)
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
    assert.lengthOf(response.headers.getSetCookie(), 0)

    const icon = await client.get('/favicon.svg')
    assert.equal(icon.status, 200)
    assert.match(icon.headers.get('content-type')!, /^image\/svg\+xml/)
    assert.equal(await sessionCount(), 0)
  })

  test('unknown API paths, missing files and other methods stay JSON 404s', async ({ assert }) => {
    const client = new WebClient()
    const refused = [
      client.get('/api/v1/no-such-thing'),
      client.get('/api'),
      client.get('/__transmit/nothing'),
      client.get('/assets/gone-1a2b3c.js'),
      client.get('/assets/../package.json'),
      client.get('/robots.txt'),
      client.post('/teams'),
      client.delete('/login'),
    ]
    for (const response of await Promise.all(refused)) {
      assert.equal(response.status, 404)
      assert.deepEqual(response.body, {
        errors: [{ code: 'route_not_found', message: 'No such route' }],
      })
    }
  })
})

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import Setting from '#app/models/setting'
import TokenService from '#app/services/token_service'
import { FACTORY_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { WebClient } from '#tests/helpers/web_client'
import { isolate, signIn, withToken } from '#tests/helpers/auth'

const HOUR = 60 * 60 * 1000

/** A script with no cookie and no CSRF token asking for a token by password. */
async function issueToken(fields: Record<string, unknown>) {
  const response = await fetch(`${WebClient.baseUrl()}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'accept': 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  })
  const body: any = await response.json()
  return { status: response.status, body }
}

/** The user's stored tokens, oldest first. */
function tokenRows(user: User) {
  return db.from('auth_access_tokens').where('tokenable_id', user.id).orderBy('id')
}

async function tokenIds(user: User) {
  const rows = await tokenRows(user)
  return rows.map((row) => Number(row.id))
}

/** The id of the user's newest stored token. */
async function newestTokenId(user: User) {
  const ids = await tokenIds(user)
  return ids[ids.length - 1]
}

/** The status a client gets for GET `path`: 200 while it is signed in or holds a live token. */
async function statusOf(client: WebClient, path = '/api/v1/users/me') {
  const response = await client.get(path)
  return response.status
}

test.group('Issuing tokens by password', (group) => {
  isolate(group)

  test('a script trades its login and password for a token that works as Bearer', async ({
    assert,
  }) => {
    const user = await UserFactory.create()

    const response = await issueToken({
      login: user.email.toUpperCase(),
      password: FACTORY_PASSWORD,
      name: 'deploy bot',
      scopes: ['read'],
      expiresIn: '1d',
    })

    assert.equal(response.status, 201)
    assert.match(response.body.token, /^hth_/)
    assert.equal(response.body.name, 'deploy bot')
    assert.deepEqual(response.body.scopes, ['read'])
    const lifetime = new Date(response.body.expiresAt).getTime() - Date.now()
    assert.closeTo(lifetime, 24 * HOUR, 60 * 1000)

    const rows = await tokenRows(user)
    assert.lengthOf(rows, 1)
    assert.equal(Number(rows[0].id), response.body.id)
    assert.equal(rows[0].name, 'deploy bot')
    assert.notInclude(rows[0].hash, response.body.token.split('.').pop())

    const me = await new WebClient(response.body.token).get('/api/v1/users/me')
    assert.equal(me.status, 200)
    assert.equal(me.body.id, user.id)
  })

  test('a token without a lifetime expires after thirty days', async ({ assert }) => {
    const user = await UserFactory.create()

    const response = await issueToken({
      login: user.username,
      password: FACTORY_PASSWORD,
      name: 'cron',
      scopes: ['write'],
    })

    assert.equal(response.status, 201)
    const lifetime = new Date(response.body.expiresAt).getTime() - Date.now()
    assert.closeTo(lifetime, 30 * 24 * HOUR, 60 * 1000)
    assert.lengthOf(await tokenRows(user), 1)
  })

  test('wrong credentials get no token', async ({ assert }) => {
    const user = await UserFactory.create()

    const response = await issueToken({
      login: user.username,
      password: 'not the password',
      name: 'bot',
      scopes: ['read'],
    })

    assert.equal(response.status, 401)
    assert.deepEqual(response.body.errors, [
      { code: 'invalid_credentials', message: 'Invalid login or password' },
    ])
    assert.lengthOf(await tokenRows(user), 0)
  })

  test('unknown scopes and impossible lifetimes are refused', async ({ assert }) => {
    const user = await UserFactory.create()
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ scopes: ['root'] }, 'scopes.0'],
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['read', 'read'] }, 'scopes'],
      [{ expiresIn: '2y' }, 'expiresIn'],
      [{ expiresIn: '0h' }, 'expiresIn'],
      [{ expiresIn: '366d' }, 'expiresIn'],
    ]

    for (const [fields, field] of cases) {
      const response = await issueToken({
        login: user.username,
        password: FACTORY_PASSWORD,
        name: 'bot',
        scopes: ['read'],
        ...fields,
      })

      assert.equal(response.status, 422, JSON.stringify(fields))
      assert.equal(response.body.errors[0].field, field, JSON.stringify(fields))
      assert.isString(response.body.errors[0].code)
      assert.isString(response.body.errors[0].message)
    }
    assert.lengthOf(await tokenRows(user), 0)
  })

  test('someone who is not a system admin cannot hold the admin scope', async ({ assert }) => {
    const user = await UserFactory.create()

    const response = await issueToken({
      login: user.username,
      password: FACTORY_PASSWORD,
      name: 'bot',
      scopes: ['read', 'admin'],
    })

    assert.equal(response.status, 422)
    assert.deepEqual(response.body.errors, [
      {
        code: 'scope_not_allowed',
        message: 'Only system admins can hold the admin scope',
        field: 'scopes',
      },
    ])
    assert.lengthOf(await tokenRows(user), 0)
  })
})

test.group('Managing own tokens', (group) => {
  isolate(group)

  test('the token list shows names and scopes but never secrets', async ({ assert }) => {
    const [user, other] = await UserFactory.createMany(2)
    await withToken(user, ['read'])
    await withToken(user, ['write'])
    await withToken(other, ['read'])
    const client = await signIn(user)

    const response = await client.get('/api/v1/users/me/tokens')

    assert.equal(response.status, 200)
    assert.isNull(response.body.next)
    assert.lengthOf(response.body.data, 2)
    const ids = await tokenIds(user)
    assert.deepEqual(
      response.body.data.map((token: { id: number }) => token.id),
      ids
    )
    assert.deepEqual(
      response.body.data.map((token: { scopes: string[] }) => token.scopes),
      [['read'], ['write']]
    )
    for (const token of response.body.data) {
      assert.notProperty(token, 'token')
      assert.notProperty(token, 'hash')
      assert.notProperty(token, 'secret')
      assert.equal(token.name, 'test')
      assert.isString(token.createdAt)
      assert.isString(token.expiresAt)
    }
  })

  test('the token list pages with limit and after', async ({ assert }) => {
    const user = await UserFactory.create()
    for (let index = 0; index < 3; index++) await withToken(user, ['read'])
    const ids = await tokenIds(user)
    const client = await signIn(user)

    const first = await client.get('/api/v1/users/me/tokens?limit=2')
    assert.equal(first.status, 200)
    assert.isString(first.body.next)
    const second = await client.get(`/api/v1/users/me/tokens?limit=2&after=${first.body.next}`)
    assert.equal(second.status, 200)
    assert.isNull(second.body.next)

    const seen = [...first.body.data, ...second.body.data].map((token) => token.id)
    assert.lengthOf(first.body.data, 2)
    assert.lengthOf(second.body.data, 1)
    assert.deepEqual(seen, ids)
  })

  test('a signed-in session mints a token', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await client.post('/api/v1/users/me/tokens', {
      name: 'laptop',
      scopes: ['read', 'write'],
      expiresIn: '12h',
    })

    assert.equal(response.status, 201)
    assert.match(response.body.token, /^hth_/)
    assert.deepEqual(response.body.scopes, ['read', 'write'])
    const rows = await tokenRows(user)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].name, 'laptop')
    assert.equal(await statusOf(new WebClient(response.body.token)), 200)
  })

  test('a token cannot mint further tokens', async ({ assert }) => {
    const user = await UserFactory.create()
    const script = await withToken(user, ['write'])

    const response = await script.post('/api/v1/users/me/tokens', {
      name: 'offspring',
      scopes: ['read'],
    })

    assert.equal(response.status, 403)
    assert.deepEqual(response.body.errors, [
      {
        code: 'session_required',
        message: 'This action needs a signed-in session, not a token',
      },
    ])
    assert.lengthOf(await tokenRows(user), 1)
  })

  test('a revoked token is refused', async ({ assert }) => {
    const user = await UserFactory.create()
    const script = await withToken(user, ['read'])
    const id = await newestTokenId(user)
    const client = await signIn(user)

    const response = await client.delete(`/api/v1/users/me/tokens/${id}`)

    assert.equal(response.status, 204)
    assert.lengthOf(await tokenRows(user), 0)
    const me = await script.get('/api/v1/users/me')
    assert.equal(me.status, 401)
    assert.deepEqual(me.body.errors, [
      { code: 'unauthenticated', message: 'Authentication required' },
    ])
  })

  test("someone else's token cannot be revoked", async ({ assert }) => {
    const [owner, intruder] = await UserFactory.createMany(2)
    const script = await withToken(owner, ['read'])
    const id = await newestTokenId(owner)
    const client = await signIn(intruder)

    const response = await client.delete(`/api/v1/users/me/tokens/${id}`)

    assert.equal(response.status, 404)
    assert.deepEqual(response.body.errors, [{ code: 'not_found', message: 'Token not found' }])
    assert.lengthOf(await tokenRows(owner), 1)
    assert.equal(await statusOf(script), 200)
  })

  test('a token id that is not a whole number is 404', async ({ assert }) => {
    const user = await UserFactory.create()
    await withToken(user, ['read'])
    const client = await signIn(user)

    for (const id of ['abc', '1.5', '-1', '0']) {
      const response = await client.delete(`/api/v1/users/me/tokens/${id}`)

      assert.equal(response.status, 404, id)
      assert.deepEqual(response.body.errors, [{ code: 'not_found', message: 'Token not found' }])
    }
    assert.lengthOf(await tokenRows(user), 1)
  })

  test('a token id beyond any stored id is 404', async ({ assert }) => {
    const user = await UserFactory.create()
    await withToken(user, ['read'])
    const client = await signIn(user)

    const response = await client.delete('/api/v1/users/me/tokens/99999999999')

    assert.equal(response.status, 404)
    assert.deepEqual(response.body.errors, [{ code: 'not_found', message: 'Token not found' }])
    assert.lengthOf(await tokenRows(user), 1)
  })

  test('an expired token is refused', async ({ assert }) => {
    const user = await UserFactory.create()
    const script = await withToken(user, ['read'], '1h')
    assert.equal(await statusOf(script), 200)
    await db
      .from('auth_access_tokens')
      .where('tokenable_id', user.id)
      .update({ expires_at: new Date(Date.now() - HOUR) })

    const response = await script.get('/api/v1/users/me')

    assert.equal(response.status, 401)
    assert.deepEqual(response.body.errors, [
      { code: 'unauthenticated', message: 'Authentication required' },
    ])
  })
})

test.group('Token scopes', (group) => {
  isolate(group)

  test('a read token may read but not change anything', async ({ assert }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()
    const script = await withToken(user, ['read'])

    const me = await script.get('/api/v1/users/me')
    const patch = await script.patch('/api/v1/users/me', { displayName: 'After' })
    const post = await script.post('/api/v1/teams', { name: 'Read only' })

    assert.equal(me.status, 200)
    assert.equal(me.body.id, user.id)
    for (const response of [patch, post]) {
      assert.equal(response.status, 403)
      assert.deepEqual(response.body.errors, [
        { code: 'insufficient_scope', message: 'This token lacks the "write" scope' },
      ])
    }
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.displayName, 'Before')
    assert.lengthOf(await db.from('teams'), 0)
  })

  test("an admin's write token has no admin powers", async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const script = await withToken(admin, ['write'])

    const users = await script.get('/api/v1/users')
    const settings = await script.get('/api/v1/system/settings')
    const change = await script.patch('/api/v1/system/settings', { openSignup: true })

    for (const response of [users, settings, change]) {
      assert.equal(response.status, 403)
      assert.lengthOf(response.body.errors, 1)
      assert.equal(response.body.errors[0].code, 'forbidden')
      assert.isString(response.body.errors[0].message)
    }
    assert.isNull(await Setting.find('open_signup'))
  })

  test('an admin-scoped token of an admin may administer', async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const other = await UserFactory.create()
    const script = await withToken(admin, ['admin'])

    const users = await script.get('/api/v1/users')
    const settings = await script.get('/api/v1/system/settings')
    const change = await script.patch('/api/v1/system/settings', { openSignup: true })

    assert.equal(users.status, 200)
    assert.sameMembers(
      users.body.data.map((user: { id: string }) => user.id),
      [admin.id, other.id]
    )
    assert.equal(settings.status, 200)
    assert.deepEqual(settings.body, { openSignup: false })
    assert.equal(change.status, 200)
    const setting = await Setting.findOrFail('open_signup')
    assert.equal(setting.value, 'true')
  })

  test('an admin may issue a token with the admin scope', async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()

    const response = await issueToken({
      login: admin.username,
      password: FACTORY_PASSWORD,
      name: 'ops',
      scopes: ['admin'],
    })

    assert.equal(response.status, 201)
    assert.deepEqual(response.body.scopes, ['admin'])
    assert.equal(await statusOf(new WebClient(response.body.token), '/api/v1/users'), 200)
    assert.lengthOf(await tokenRows(admin), 1)
  })

  test('a request with neither token nor cookie is unauthenticated', async ({ assert }) => {
    const response = await new WebClient().get('/api/v1/users/me')

    assert.equal(response.status, 401)
    assert.deepEqual(response.body.errors, [
      { code: 'unauthenticated', message: 'Authentication required' },
    ])
  })

  test('a made-up token is refused', async ({ assert }) => {
    const user = await UserFactory.create()
    const real = await new TokenService().create(user, { name: 'real', scopes: ['read'] })
    const forged = `${real.value!.release().split('.')[0]}.${'x'.repeat(40)}`

    for (const token of ['hth_garbage', forged]) {
      const response = await new WebClient(token).get('/api/v1/users/me')

      assert.equal(response.status, 401, token)
      assert.equal(response.body.errors[0].code, 'unauthenticated')
    }
  })

  test('a token naming an id no row can have is refused as unauthenticated', async ({ assert }) => {
    const user = await UserFactory.create()
    await withToken(user, ['read'])
    const encode = (text: string) => Buffer.from(text).toString('base64url')

    for (const id of ['abc', '99999999999']) {
      const token = `hth_${encode(id)}.${encode('x'.repeat(40))}`
      const response = await new WebClient(token).get('/api/v1/users/me')

      assert.equal(response.status, 401, id)
      assert.deepEqual(response.body.errors, [
        { code: 'unauthenticated', message: 'Authentication required' },
      ])
    }
    const rows = await tokenRows(user)
    assert.lengthOf(rows, 1)
    assert.isNull(rows[0].last_used_at)
  })
})

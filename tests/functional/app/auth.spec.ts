import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import User from '#app/models/user'
import Setting from '#app/models/setting'
import TeamMember from '#app/models/team_member'
import UserService from '#app/services/user_service'
import { MAX_SESSIONS_PER_ACCOUNT } from '#app/services/auth_service'
import { FACTORY_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { TeamFactory, addMember } from '#database/factories/team_factory'
import { WebClient, expectStatus } from '#tests/helpers/web_client'
import { isolate, signIn, signup, withToken } from '#tests/helpers/auth'

const login = (
  client: WebClient,
  fields: Record<string, unknown>,
  forwardedFor?: string,
  xsrf?: string
) =>
  client.post('/api/v1/auth/login', fields, {
    headers: {
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      ...(xsrf ? { 'x-xsrf-token': xsrf } : {}),
    },
  })

/** The account that claimed "first account", so later sign-ups are ordinary ones. */
function firstAdmin() {
  return new UserService().createByAdmin({
    username: 'root',
    email: 'root@example.com',
    password: FACTORY_PASSWORD,
  })
}

/** Sessions in the database tagged with the user, signed in or not. */
async function sessionCount(user: User) {
  const rows = await db.from('sessions').where('user_id', user.id).count('* as total')
  return Number(rows[0].total)
}

/** The status a client gets for GET `path`: 200 while it is signed in or holds a live token. */
async function statusOf(client: WebClient, path = '/api/v1/users/me') {
  const response = await client.get(path)
  return response.status
}

/**
 * A request that carries the client's cookies but no X-XSRF-TOKEN header,
 * as a form posted from another site would.
 */
async function withoutXsrf(client: WebClient, method: string, path: string, json: unknown) {
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  const response = await fetch(`${WebClient.baseUrl()}${path}`, {
    method,
    headers: { 'accept': 'application/json', 'content-type': 'application/json', cookie },
    body: JSON.stringify(json),
  })
  const body: any = await response.json()
  return { status: response.status, body }
}

test.group('Login', (group) => {
  isolate(group)

  test('a user logs in by username and the session then knows them', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = new WebClient()

    const response = await login(client, { login: user.username, password: FACTORY_PASSWORD })

    assert.equal(response.status, 200)
    assert.equal(response.body.user.id, user.id)
    assert.notProperty(response.body.user, 'password')
    const me = await client.get('/api/v1/users/me')
    assert.equal(me.status, 200)
    assert.equal(me.body.id, user.id)
    assert.equal(await sessionCount(user), 1)
  })

  test('a user logs in by email whatever its case', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = new WebClient()

    const response = await login(client, {
      login: `  ${user.email.toUpperCase()} `,
      password: FACTORY_PASSWORD,
    })

    assert.equal(response.status, 200)
    assert.equal(response.body.user.id, user.id)
    const me = await client.get('/api/v1/users/me')
    assert.equal(me.body.email, user.email)
  })

  test('the username is matched whatever its case', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = new WebClient()

    const response = await login(client, {
      login: user.username.toUpperCase(),
      password: FACTORY_PASSWORD,
    })

    assert.equal(response.status, 200)
    assert.equal(response.body.user.id, user.id)
    assert.equal(await sessionCount(user), 1)
  })

  test('a wrong password is refused and signs nobody in', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = new WebClient()

    const response = await login(client, { login: user.username, password: 'not the password' })

    assert.equal(response.status, 401)
    assert.deepEqual(response.body.errors, [
      { code: 'invalid_credentials', message: 'Invalid login or password' },
    ])
    assert.equal(await statusOf(client), 401)
    assert.equal(await sessionCount(user), 0)
  })

  test('an unknown login is refused exactly like a wrong password', async ({ assert }) => {
    await UserFactory.create()
    const client = new WebClient()

    const response = await login(client, { login: 'nobody', password: FACTORY_PASSWORD })

    assert.equal(response.status, 401)
    assert.deepEqual(response.body.errors, [
      { code: 'invalid_credentials', message: 'Invalid login or password' },
    ])
    assert.equal(await statusOf(client), 401)
  })

  test('a login without its fields is refused naming each one', async ({ assert }) => {
    const user = await UserFactory.create()

    const response = await login(new WebClient(), {})

    assert.equal(response.status, 422)
    assert.lengthOf(response.body.errors, 2)
    assert.containSubset(response.body.errors, [
      { code: 'required', field: 'login' },
      { code: 'required', field: 'password' },
    ])
    for (const error of response.body.errors) assert.isString(error.message)
    assert.equal(await sessionCount(user), 0)
  })

  test('a deactivated account cannot log in even with the right password', async ({ assert }) => {
    const user = await UserFactory.apply('deactivated').create()
    const client = new WebClient()

    const response = await login(client, { login: user.username, password: FACTORY_PASSWORD })

    assert.equal(response.status, 401)
    assert.deepEqual(response.body.errors, [
      { code: 'account_deactivated', message: 'This account is deactivated' },
    ])
    assert.equal(await statusOf(client), 401)
    assert.equal(await sessionCount(user), 0)
  })

  test('logging out ends the session', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await client.delete('/api/v1/auth/session')

    assert.equal(response.status, 204)
    const me = await client.get('/api/v1/users/me')
    assert.equal(me.status, 401)
    assert.deepEqual(me.body.errors, [
      { code: 'unauthenticated', message: 'Authentication required' },
    ])
  })

  test('a token cannot log out a session', async ({ assert }) => {
    const user = await UserFactory.create()
    const session = await signIn(user)
    const script = await withToken(user)

    const response = await script.delete('/api/v1/auth/session')

    assert.equal(response.status, 403)
    assert.equal(response.body.errors[0].code, 'session_required')
    assert.equal(await statusOf(session), 200)
  })
})

/** A request with no cookies and no XSRF token, only the given Authorization header. */
async function withAuthorization(authorization: string, path: string, json: unknown) {
  const response = await fetch(`${WebClient.baseUrl()}${path}`, {
    method: 'POST',
    headers: { 'accept': 'application/json', 'content-type': 'application/json', authorization },
    body: JSON.stringify(json),
  })
  const body: any = await response.json()
  return { status: response.status, body, cookies: response.headers.getSetCookie() }
}

test.group('Bearer headers on sign-in routes', (group) => {
  isolate(group)

  test('a login with a Bearer header that is no token is a 401 and starts no session', async ({
    assert,
  }) => {
    const user = await UserFactory.create()

    for (const path of ['/api/v1/auth/login', '/api/v1/auth/tokens']) {
      const response = await withAuthorization('Bearer junk', path, {
        login: user.username,
        password: FACTORY_PASSWORD,
        name: 'script',
      })

      assert.equal(response.status, 401, path)
      assert.deepEqual(response.body.errors, [
        { code: 'unauthenticated', message: 'Authentication required' },
      ])
      assert.lengthOf(response.cookies, 0, path)
    }
    assert.equal(await sessionCount(user), 0)
    assert.lengthOf(await db.from('auth_access_tokens').where('tokenable_id', user.id), 0)
  })

  test('a sign-up with a Bearer header that is no token is a 401 and creates no account', async ({
    assert,
  }) => {
    await firstAdmin()
    const team = await TeamFactory.create()

    const response = await withAuthorization('Bearer junk', '/api/v1/auth/signup', {
      username: 'alice',
      email: 'alice@example.com',
      password: 'a long enough password',
      invite: team.inviteCode,
    })

    assert.equal(response.status, 401)
    assert.deepEqual(response.body.errors, [
      { code: 'unauthenticated', message: 'Authentication required' },
    ])
    assert.isNull(await User.findBy('username', 'alice'))
  })

  test('a live token cannot sign up or log in: those start browser sessions', async ({
    assert,
  }) => {
    await firstAdmin()
    const team = await TeamFactory.create()
    const user = await UserFactory.create()
    const script = await withToken(user)

    const signedUp = await signup(script, { invite: team.inviteCode })
    const loggedIn = await login(script, { login: user.username, password: FACTORY_PASSWORD })

    for (const response of [signedUp, loggedIn]) {
      assert.equal(response.status, 403)
      assert.deepEqual(response.body.errors, [
        { code: 'session_required', message: 'This action needs a signed-in session, not a token' },
      ])
    }
    assert.isNull(await User.findBy('username', 'alice'))
    assert.equal(await sessionCount(user), 0)
  })
})

/** Every session row in the database, signed in or not. */
async function allSessions() {
  const rows = await db.from('sessions').count('* as total')
  return Number(rows[0].total)
}

test.group('Sessions', (group) => {
  isolate(group)

  test('anonymous requests write no session row, and the XSRF flow still signs in', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    for (let visitor = 0; visitor < 5; visitor++) {
      const client = new WebClient()
      await client.get('/api/v1/auth/csrf')
      await client.get('/api/v1/users/me')
      await client.get('/no/such/route')
      await login(client, { login: user.username, password: 'wrong password' })
    }
    assert.equal(await allSessions(), 0)

    const browser = new WebClient()
    const csrf = await browser.get('/api/v1/auth/csrf')
    assert.isTrue(browser.cookies.has('XSRF-TOKEN'))
    assert.equal(await allSessions(), 0)
    const forged = await login(
      browser,
      { login: user.username, password: FACTORY_PASSWORD },
      undefined,
      'forged'
    )
    assert.equal(forged.status, 403)
    assert.equal(forged.body.errors[0].code, 'csrf_invalid')

    const signedIn = await login(browser, { login: user.username, password: FACTORY_PASSWORD })

    assert.equal(csrf.status, 204)
    assert.equal(signedIn.status, 200)
    assert.equal(await allSessions(), 1)
    assert.equal(await sessionCount(user), 1)
    const changed = await browser.patch('/api/v1/users/me', { displayName: 'Signed in' })
    assert.equal(changed.status, 200)
    assert.equal(changed.body.displayName, 'Signed in')
  })

  test('a visitor cookie never stands in for a signed-in session once it has ended', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const browser = new WebClient()
    await browser.get('/api/v1/auth/csrf')
    const before = new Map(browser.cookies)
    expectStatus(await login(browser, { login: user.username, password: FACTORY_PASSWORD }), 200)

    await db.from('sessions').where('user_id', user.id).delete()
    const replayed = new WebClient()
    for (const [name, value] of [...before, ...browser.cookies]) replayed.cookies.set(name, value)

    assert.equal(await statusOf(browser), 401)
    assert.equal(await statusOf(replayed), 401)
  })

  test('signing in once more than the limit ends the least recently used session', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const clients: WebClient[] = []
    for (let index = 0; index < MAX_SESSIONS_PER_ACCOUNT; index++) clients.push(await signIn(user))
    // Every session last used long ago, but the first client's, which is used now.
    const staleExpiry = new Date(Date.now() + 60 * 60 * 1000)
    await db.from('sessions').where('user_id', user.id).update({ expires_at: staleExpiry })
    assert.equal(await statusOf(clients[0]), 200)

    const latest = await signIn(user)

    assert.equal(await sessionCount(user), MAX_SESSIONS_PER_ACCOUNT)
    assert.equal(await statusOf(latest), 200)
    assert.equal(await statusOf(clients[0]), 200)
    const statuses = await Promise.all(clients.slice(1).map((client) => statusOf(client)))
    assert.equal(statuses.filter((status) => status === 401).length, 1)
    assert.equal(statuses.filter((status) => status === 200).length, MAX_SESSIONS_PER_ACCOUNT - 2)
  })
})

test.group('CSRF', (group) => {
  isolate(group)

  test('a session request without the XSRF header is refused and changes nothing', async ({
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()
    const client = await signIn(user)

    const response = await withoutXsrf(client, 'PATCH', '/api/v1/users/me', {
      displayName: 'After',
    })

    assert.equal(response.status, 403)
    assert.deepEqual(response.body.errors, [
      { code: 'csrf_invalid', message: 'Missing or invalid CSRF token' },
    ])
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.displayName, 'Before')
  })

  test('a session request with a forged XSRF header is refused', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await client.post(
      '/api/v1/teams',
      { name: 'Forged' },
      { headers: { 'x-xsrf-token': 'forged' } }
    )

    assert.equal(response.status, 403)
    assert.equal(response.body.errors[0].code, 'csrf_invalid')
    assert.lengthOf(await TeamMember.query().where('user_id', user.id), 0)
  })

  test('a Bearer request needs no CSRF token', async ({ assert }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()
    const script = await withToken(user, ['write'])

    const response = await script.patch('/api/v1/users/me', { displayName: 'After' })

    assert.equal(response.status, 200)
    assert.equal(response.body.displayName, 'After')
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.displayName, 'After')
  })
})

test.group('Login rate limit', (group) => {
  isolate(group)

  test('after ten failed attempts even the right password is refused for a while', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const client = new WebClient()
    for (let attempt = 1; attempt <= 10; attempt++) {
      const failed = await login(client, { login: user.username, password: 'wrong password' })
      assert.equal(failed.status, 401, `attempt ${attempt}`)
    }

    const response = await login(client, { login: user.username, password: FACTORY_PASSWORD })

    assert.equal(response.status, 429)
    assert.isAbove(Number(response.headers.get('retry-after')), 0)
    assert.lengthOf(response.body.errors, 1)
    assert.equal(response.body.errors[0].code, 'rate_limited')
    assert.isString(response.body.errors[0].message)
    assert.equal(await statusOf(client), 401)
    assert.equal(await sessionCount(user), 0)
  })

  test('failed attempts by username and by email count against the same account', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const client = new WebClient()
    for (let attempt = 1; attempt <= 10; attempt++) {
      const failed = await login(client, { login: user.username, password: 'wrong password' })
      assert.equal(failed.status, 401, `attempt ${attempt}`)
    }

    const response = await login(client, { login: user.email, password: FACTORY_PASSWORD })

    assert.equal(response.status, 429)
    assert.equal(response.body.errors[0].code, 'rate_limited')
    assert.equal(await sessionCount(user), 0)
  })

  test('concurrent wrong passwords cannot race past the limit', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = new WebClient()
    await client.get('/api/v1/auth/csrf')

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        login(client, { login: user.username, password: 'wrong password' })
      )
    )

    const refused = responses.filter((response) => response.status === 401)
    const limited = responses.filter((response) => response.status === 429)
    assert.isAtMost(refused.length, 10)
    assert.equal(refused.length + limited.length, 20)
    for (const response of limited) assert.equal(response.body.errors[0].code, 'rate_limited')
    const right = await login(client, { login: user.username, password: FACTORY_PASSWORD })
    assert.equal(right.status, 429)
  })

  test('behind a trusted proxy a forged X-Forwarded-For hop cannot dodge the per-address limit', async ({
    assert,
  }) => {
    // .env.test: TRUST_PROXY=true, a proxy on this host; the test client plays that proxy,
    // which appends the address it saw (203.0.113.7) to whatever the client wrote.
    assert.deepEqual(env.get('TRUST_PROXY'), ['loopback'])
    await UserFactory.create()
    const client = new WebClient()
    const attempt = (forged: string, real: string, index: number) =>
      login(client, { login: `nobody${index}`, password: 'wrong password' }, `${forged}, ${real}`)

    for (let index = 1; index <= 50; index++) {
      const refused = await attempt(`198.51.100.${index}`, '203.0.113.7', index)
      assert.equal(refused.status, 401, `attempt ${index}`)
    }
    const limited = await attempt('198.51.100.200', '203.0.113.7', 51)
    const otherClient = await attempt('198.51.100.200', '203.0.113.8', 52)

    assert.equal(limited.status, 429)
    assert.equal(limited.body.errors[0].code, 'rate_limited')
    assert.equal(otherClient.status, 401)
  })

  test('a locked account leaves other accounts free to log in', async ({ assert }) => {
    const [locked, other] = await UserFactory.createMany(2)
    const client = new WebClient()
    for (let attempt = 1; attempt <= 11; attempt++) {
      await login(client, { login: locked.username, password: 'wrong password' })
    }

    const response = await login(new WebClient(), {
      login: other.username,
      password: FACTORY_PASSWORD,
    })

    assert.equal(response.status, 200)
    assert.equal(response.body.user.id, other.id)
    assert.equal(await sessionCount(other), 1)
  })
})

test.group('Sign-up rules', (group) => {
  isolate(group)

  test('a taken username is refused whatever its case', async ({ assert }) => {
    await firstAdmin()
    const team = await TeamFactory.create()
    const taken = await UserFactory.create()

    const response = await signup(new WebClient(), {
      username: taken.username.toUpperCase(),
      invite: team.inviteCode,
    })

    assert.equal(response.status, 422)
    assert.deepEqual(response.body.errors, [
      { code: 'username_taken', message: 'This username is already taken', field: 'username' },
    ])
    assert.isNull(await User.findBy('email', 'alice@example.com'))
  })

  test('a taken email is refused', async ({ assert }) => {
    await firstAdmin()
    const team = await TeamFactory.create()
    const taken = await UserFactory.create()

    const response = await signup(new WebClient(), { email: taken.email, invite: team.inviteCode })

    assert.equal(response.status, 422)
    assert.deepEqual(response.body.errors, [
      { code: 'email_taken', message: 'This email is already taken', field: 'email' },
    ])
    assert.isNull(await User.findBy('username', 'alice'))
  })

  test('a common or short password is refused', async ({ assert }) => {
    await firstAdmin()
    const team = await TeamFactory.create()

    for (const [password, code] of [
      ['Password123', 'weakPassword'],
      ['short', 'minLength'],
    ]) {
      const response = await signup(new WebClient(), { password, invite: team.inviteCode })

      assert.equal(response.status, 422, password)
      assert.lengthOf(response.body.errors, 1)
      assert.containSubset(response.body.errors, [{ code, field: 'password' }])
      assert.isString(response.body.errors[0].message)
    }
    assert.isNull(await User.findBy('username', 'alice'))
  })

  test('a reserved username is refused', async ({ assert }) => {
    await firstAdmin()
    const team = await TeamFactory.create()

    for (const username of ['me', 'all', 'System']) {
      const response = await signup(new WebClient(), { username, invite: team.inviteCode })

      assert.equal(response.status, 422, username)
      assert.equal(response.body.errors[0].field, 'username')
      assert.isString(response.body.errors[0].message)
    }
    const system = await signup(new WebClient(), { username: 'system', invite: team.inviteCode })
    assert.equal(system.body.errors[0].code, 'notIn')
    assert.lengthOf(await User.query().whereIn('username', ['me', 'all', 'system']), 0)
    assert.isNull(await User.findBy('email', 'alice@example.com'))
  })

  test('a valid invite joins its team as a member', async ({ assert }) => {
    await firstAdmin()
    const team = await TeamFactory.create()

    const response = await signup(new WebClient(), { invite: team.inviteCode })

    assert.equal(response.status, 201)
    assert.equal(response.body.team.id, team.id)
    assert.equal(response.body.team.role, 'member')
    assert.isFalse(response.body.user.isAdmin)
    const user = await User.findByOrFail('username', 'alice')
    assert.isFalse(user.isAdmin)
    const membership = await TeamMember.query().where('user_id', user.id).firstOrFail()
    assert.equal(membership.teamId, team.id)
    assert.equal(membership.role, 'member')
  })

  test('an invalid invite is refused like a missing one and creates no account', async ({
    assert,
  }) => {
    await firstAdmin()
    await TeamFactory.create()

    const wrong = await signup(new WebClient(), { invite: 'no-such-invite' })
    const missing = await signup(new WebClient())

    for (const response of [wrong, missing]) {
      assert.equal(response.status, 422)
      assert.deepEqual(response.body.errors, [
        { code: 'invite_required', message: 'Sign-up needs a valid team invite', field: 'invite' },
      ])
    }
    assert.isNull(await User.findBy('username', 'alice'))
  })

  test('without a valid invite a taken username or email is not revealed', async ({ assert }) => {
    await firstAdmin()
    await TeamFactory.create()
    const taken = await UserFactory.create()

    const attempts = [
      await signup(new WebClient(), { username: taken.username }),
      await signup(new WebClient(), { email: taken.email }),
      await signup(new WebClient(), { username: taken.username, invite: 'no-such-invite' }),
      await signup(new WebClient(), { email: taken.email, invite: 'no-such-invite' }),
    ]

    for (const response of attempts) {
      assert.equal(response.status, 422)
      assert.deepEqual(response.body.errors, [
        { code: 'invite_required', message: 'Sign-up needs a valid team invite', field: 'invite' },
      ])
    }
    assert.isNull(await User.findBy('email', 'alice@example.com'))
    assert.isNull(await User.findBy('username', 'alice'))
  })

  test('once an admin opens sign-up people join without an invite', async ({ assert }) => {
    const admin = await signIn(await firstAdmin())

    const opened = await admin.patch('/api/v1/system/settings', { openSignup: true })
    assert.equal(opened.status, 200)
    assert.deepEqual(opened.body, { openSignup: true })
    const setting = await Setting.findOrFail('open_signup')
    assert.equal(setting.value, 'true')

    const client = new WebClient()
    const response = await signup(client)

    assert.equal(response.status, 201)
    assert.isNull(response.body.team)
    const user = await User.findByOrFail('username', 'alice')
    assert.isFalse(user.isAdmin)
    assert.lengthOf(await TeamMember.query().where('user_id', user.id), 0)
    const me = await client.get('/api/v1/users/me')
    assert.equal(me.body.id, user.id)
  })

  test('only a system admin may open sign-up', async ({ assert }) => {
    await firstAdmin()
    const client = await signIn(await UserFactory.create())

    const response = await client.patch('/api/v1/system/settings', { openSignup: true })

    assert.equal(response.status, 403)
    assert.equal(response.body.errors[0].code, 'forbidden')
    assert.isNull(await Setting.find('open_signup'))
    const refused = await signup(new WebClient())
    assert.equal(refused.status, 422)
  })
})

test.group('Deactivation', (group) => {
  isolate(group)

  test("a deactivated user's session and token stop working at once", async ({ assert }) => {
    const admin = await signIn(await firstAdmin())
    const user = await UserFactory.create()
    const session = await signIn(user)
    const script = await withToken(user, ['read'])
    assert.equal(await statusOf(session), 200)
    assert.equal(await statusOf(script), 200)

    const response = await admin.post(`/api/v1/users/${user.id}/deactivate`)

    assert.equal(response.status, 200)
    assert.isFalse(response.body.active)
    for (const client of [session, script]) {
      const me = await client.get('/api/v1/users/me')
      assert.equal(me.status, 401)
      assert.oneOf(me.body.errors[0].code, ['unauthenticated', 'account_deactivated'])
    }
    await user.refresh()
    assert.isNotNull(user.deactivatedAt)
    assert.equal(await sessionCount(user), 0)
    const tokens = await db.from('auth_access_tokens').where('tokenable_id', user.id)
    assert.lengthOf(tokens, 0)
  })

  test('a member cannot deactivate someone else', async ({ assert }) => {
    await firstAdmin()
    const team = await TeamFactory.create()
    const [member, target] = await UserFactory.createMany(2)
    await addMember(team, member)
    await addMember(team, target)
    const client = await signIn(member)

    const response = await client.post(`/api/v1/users/${target.id}/deactivate`)

    assert.equal(response.status, 403)
    assert.equal(response.body.errors[0].code, 'forbidden')
    await target.refresh()
    assert.isNull(target.deactivatedAt)
  })
})

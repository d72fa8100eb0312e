import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Setting from '#app/models/setting'
import User from '#app/models/user'
import { newId } from '#app/helpers/ids'
import { TeamFactory, addMember } from '#database/factories/team_factory'
import { UserFactory } from '#database/factories/user_factory'
import { WebClient } from '#tests/helpers/web_client'
import { FORBIDDEN, assertError } from '#tests/helpers/assertions'
import { isolate, signIn, withToken } from '#tests/helpers/auth'

const USER_NOT_FOUND = { code: 'not_found', message: 'User not found' }
const LAST_ADMIN = {
  code: 'last_admin',
  message: 'The last active system admin cannot be removed',
}

/** Two users who share a team, neither of them a system admin. */
async function teammates() {
  const team = await TeamFactory.create()
  const [alice, bob] = await UserFactory.createMany(2)
  await addMember(team, alice, 'admin')
  await addMember(team, bob, 'member')
  return { alice, bob }
}

async function deactivatedAt(user: User) {
  const stored = await User.findOrFail(user.id)
  return stored.deactivatedAt
}

/** What `/users/me` answers the client: 200 while its session or token still works. */
async function meStatus(client: WebClient) {
  const response = await client.get('/api/v1/users/me')
  return response.status
}

/** The stored `open_signup` setting, or null when it was never written. */
async function storedOpenSignup() {
  const row = await Setting.find('open_signup')
  return row?.value ?? null
}

async function sessionsOf(user: User) {
  return db.from('sessions').where('user_id', user.id)
}

test.group('Users: directory', (group) => {
  isolate(group)

  test('a system admin lists every account by username, emails included', async ({ assert }) => {
    const root = await UserFactory.apply('admin').merge({ username: 'root' }).create()
    await UserFactory.merge([{ username: 'zed' }, { username: 'amy' }]).createMany(2)

    const client = await signIn(root)
    const response = await client.get('/api/v1/users')

    assert.equal(response.status, 200)
    assert.isNull(response.body.next)
    assert.deepEqual(
      response.body.data.map((user: any) => user.username),
      ['amy', 'root', 'zed']
    )
    const amy = await User.findByOrFail('username', 'amy')
    assert.equal(response.body.data[0].email, amy.email)
    assert.notProperty(response.body.data[0], 'password')
  })

  test('a regular user cannot list accounts', async ({ assert }) => {
    const { alice } = await teammates()

    const client = await signIn(alice)
    const response = await client.get('/api/v1/users')

    assertError(assert, response, 403, FORBIDDEN)
  })

  test("an admin's token needs the admin scope to list accounts", async ({ assert }) => {
    const root = await UserFactory.apply('admin').create()

    const writeToken = await withToken(root, ['write'])
    assertError(assert, await writeToken.get('/api/v1/users'), 403, FORBIDDEN)
    const adminToken = await withToken(root, ['admin'])
    const response = await adminToken.get('/api/v1/users')
    assert.equal(response.status, 200)
  })

  test('a teammate is visible, without their email', async ({ assert }) => {
    const { alice, bob } = await teammates()

    const client = await signIn(alice)
    const response = await client.get(`/api/v1/users/${bob.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, bob.id)
    assert.equal(response.body.username, bob.username)
    assert.isTrue(response.body.active)
    assert.notProperty(response.body, 'email')
    assert.notProperty(response.body, 'deactivatedAt')
    assert.notProperty(response.body, 'password')
  })

  test('a user sharing no team answers 404, like one that does not exist', async ({ assert }) => {
    const { alice } = await teammates()
    const stranger = await UserFactory.create()
    const elsewhere = await TeamFactory.create()
    await addMember(elsewhere, stranger, 'admin')
    const client = await signIn(alice)

    for (const id of [stranger.id, newId(), 'not-a-user-id']) {
      assertError(assert, await client.get(`/api/v1/users/${id}`), 404, USER_NOT_FOUND)
    }
  })

  test('a system admin sees anyone, email included', async ({ assert }) => {
    const root = await UserFactory.apply('admin').create()
    const stranger = await UserFactory.create()

    const client = await signIn(root)
    const response = await client.get(`/api/v1/users/${stranger.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, stranger.id)
    assert.equal(response.body.email, stranger.email)
    assert.isNull(response.body.deactivatedAt)
  })
})

test.group('Users: deactivation', (group) => {
  isolate(group)

  test('a system admin deactivates another account, ending its sessions and tokens', async ({
    assert,
  }) => {
    const root = await UserFactory.apply('admin').create()
    const { bob } = await teammates()
    const bobSession = await signIn(bob)
    const bobToken = await withToken(bob, ['read'])

    const client = await signIn(root)
    const response = await client.post(`/api/v1/users/${bob.id}/deactivate`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, bob.id)
    assert.isFalse(response.body.active)
    assert.isString(response.body.deactivatedAt)
    assert.isNotNull(await deactivatedAt(bob))
    assert.lengthOf(await sessionsOf(bob), 0)
    assert.lengthOf(await db.from('auth_access_tokens').where('tokenable_id', bob.id), 0)
    assert.equal(await meStatus(bobSession), 401)
    assert.equal(await meStatus(bobToken), 401)
  })

  test('a regular user cannot deactivate a teammate, and nothing changes', async ({ assert }) => {
    const { alice, bob } = await teammates()
    const bobSession = await signIn(bob)

    const client = await signIn(alice)
    const response = await client.post(`/api/v1/users/${bob.id}/deactivate`)

    assertError(assert, response, 403, FORBIDDEN)
    assert.isNull(await deactivatedAt(bob))
    assert.lengthOf(await sessionsOf(bob), 1)
    assert.equal(await meStatus(bobSession), 200)
  })

  test('a regular user gets 404 for deactivating someone they share no team with', async ({
    assert,
  }) => {
    const { alice } = await teammates()
    const stranger = await UserFactory.create()

    const client = await signIn(alice)
    const response = await client.post(`/api/v1/users/${stranger.id}/deactivate`)

    assertError(assert, response, 404, USER_NOT_FOUND)
    assert.isNull(await deactivatedAt(stranger))
  })

  test('a user may deactivate their own account, which signs them out', async ({ assert }) => {
    const { alice } = await teammates()
    const client = await signIn(alice)

    const response = await client.post(`/api/v1/users/${alice.id}/deactivate`)

    assert.equal(response.status, 200)
    assert.isFalse(response.body.active)
    assert.isNotNull(await deactivatedAt(alice))
    assert.lengthOf(await sessionsOf(alice), 0)
    assert.equal(await meStatus(client), 401)
  })

  test('the last active system admin cannot be deactivated', async ({ assert }) => {
    const root = await UserFactory.apply('admin').create()
    const retired = await UserFactory.apply('admin').apply('deactivated').create()

    const client = await signIn(root)
    const response = await client.post(`/api/v1/users/${root.id}/deactivate`)

    assertError(assert, response, 409, LAST_ADMIN)
    assert.isNull(await deactivatedAt(root))
    assert.isNotNull(await deactivatedAt(retired))
  })

  test('a system admin may deactivate another admin while one active admin remains', async ({
    assert,
  }) => {
    const [root, other] = await UserFactory.apply('admin').createMany(2)

    const client = await signIn(root)
    const response = await client.post(`/api/v1/users/${other.id}/deactivate`)

    assert.equal(response.status, 200)
    assert.isNotNull(await deactivatedAt(other))
    assert.isNull(await deactivatedAt(root))
  })

  test('a system admin reactivates an account, which can sign in again', async ({ assert }) => {
    const root = await UserFactory.apply('admin').create()
    const dormant = await UserFactory.apply('deactivated').create()
    assert.isNotNull(await deactivatedAt(dormant))

    const client = await signIn(root)
    const response = await client.post(`/api/v1/users/${dormant.id}/reactivate`)

    assert.equal(response.status, 200)
    assert.isTrue(response.body.active)
    assert.isNull(response.body.deactivatedAt)
    assert.isNull(await deactivatedAt(dormant))
    const again = await signIn(dormant)
    assert.equal(await meStatus(again), 200)
  })

  test('only a system admin reactivates accounts', async ({ assert }) => {
    const { alice, bob } = await teammates()
    await bob.merge({ deactivatedAt: DateTime.now() }).save()

    const client = await signIn(alice)
    const response = await client.post(`/api/v1/users/${bob.id}/reactivate`)

    assertError(assert, response, 403, FORBIDDEN)
    assert.isNotNull(await deactivatedAt(bob))
  })

  test('deactivating or reactivating needs a signed-in user', async ({ assert }) => {
    const { bob } = await teammates()
    const client = new WebClient()

    for (const action of ['deactivate', 'reactivate']) {
      const response = await client.post(`/api/v1/users/${bob.id}/${action}`)
      assertError(assert, response, 401, { code: 'unauthenticated' })
    }
    assert.isNull(await deactivatedAt(bob))
  })
})

test.group('System settings', (group) => {
  isolate(group)

  test('a system admin reads and changes openSignup', async ({ assert }) => {
    const client = await signIn(await UserFactory.apply('admin').create())

    const before = await client.get('/api/v1/system/settings')
    assert.equal(before.status, 200)
    assert.deepEqual(before.body, { openSignup: false })

    const opened = await client.patch('/api/v1/system/settings', { openSignup: true })
    assert.equal(opened.status, 200)
    assert.deepEqual(opened.body, { openSignup: true })
    assert.equal(await storedOpenSignup(), 'true')
    const reread = await client.get('/api/v1/system/settings')
    assert.deepEqual(reread.body, { openSignup: true })

    const closed = await client.patch('/api/v1/system/settings', { openSignup: false })
    assert.deepEqual(closed.body, { openSignup: false })
    assert.equal(await storedOpenSignup(), 'false')
  })

  test('openSignup must be a boolean', async ({ assert }) => {
    const client = await signIn(await UserFactory.apply('admin').create())

    for (const openSignup of ['maybe', 2, { yes: true }]) {
      const response = await client.patch('/api/v1/system/settings', { openSignup })
      assertError(assert, response, 422, { code: 'boolean', field: 'openSignup' })
    }
    assert.isNull(await storedOpenSignup())
  })

  test('a regular user may neither read nor change settings', async ({ assert }) => {
    const { alice } = await teammates()
    const client = await signIn(alice)

    assertError(assert, await client.get('/api/v1/system/settings'), 403, FORBIDDEN)
    const change = await client.patch('/api/v1/system/settings', { openSignup: true })
    assertError(assert, change, 403, FORBIDDEN)
    assert.isNull(await storedOpenSignup())
  })
})

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import TeamMember from '#app/models/team_member'
import { TeamFactory, addMember } from '#database/factories/team_factory'
import { UserFactory } from '#database/factories/user_factory'
import { WebClient } from '#tests/helpers/web_client'
import { FORBIDDEN, TEAM_NOT_FOUND, UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { isolate, signIn } from '#tests/helpers/auth'

async function isAdmin(userId: string) {
  const user = await User.findOrFail(userId)
  return user.isAdmin
}

async function meStatus(client: WebClient) {
  const response = await client.get('/api/v1/users/me')
  return response.status
}

const USER_NOT_FOUND = { code: 'not_found', message: 'User not found' }

/** A system admin signed in, and a regular user signed in. */
async function adminAndUser() {
  const root = await UserFactory.apply('admin').create()
  const alice = await UserFactory.create()
  return { root, alice, asRoot: await signIn(root), asAlice: await signIn(alice) }
}

test.group('Administration: users', (group) => {
  isolate(group)

  test('a system admin finds accounts by the start of a username, email or name', async ({
    assert,
  }) => {
    const { asRoot } = await adminAndUser()
    await UserFactory.merge([
      { username: 'marie_c', displayName: 'Marie Curie' },
      { username: 'mario', displayName: 'Mario Rossi' },
      { username: 'pierre', displayName: 'Pierre Curie', email: 'marvel@example.test' },
      { username: 'm_x', displayName: 'Emx' },
    ]).createMany(4)

    const found = await asRoot.get('/api/v1/users?q=Mar&limit=2')
    assert.equal(found.status, 200)
    assert.deepEqual(
      found.body.data.map((user: { username: string }) => user.username),
      ['marie_c', 'mario']
    )
    const rest = await asRoot.get(`/api/v1/users?q=mar&limit=2&after=${found.body.next}`)
    assert.deepEqual(
      rest.body.data.map((user: { username: string }) => user.username),
      ['pierre']
    )
    const wildcard = await asRoot.get('/api/v1/users?q=m_')
    assert.deepEqual(
      wildcard.body.data.map((user: { username: string }) => user.username),
      ['m_x']
    )
  })

  test('a search too long or a bad page size is refused with the field named', async ({
    assert,
  }) => {
    const { asRoot } = await adminAndUser()
    const long = await asRoot.get(`/api/v1/users?q=${'a'.repeat(65)}`)
    assertError(assert, long, 422, { code: 'maxLength', field: 'q' })
    const limit = await asRoot.get('/api/v1/users?limit=0')
    assertError(assert, limit, 422, { code: 'range', field: 'limit' })
  })

  test('a system admin creates an account that can log in, optionally a system admin', async ({
    assert,
  }) => {
    const { asRoot } = await adminAndUser()
    const response = await asRoot.post('/api/v1/users', {
      username: 'Newbie',
      email: 'newbie@example.test',
      password: 'a brand new password',
      displayName: 'New Person',
      isAdmin: true,
    })
    assert.equal(response.status, 201)
    assert.equal(response.body.username, 'newbie')
    assert.isTrue(response.body.isAdmin)
    assert.equal(response.body.email, 'newbie@example.test')
    const login = await new WebClient().post('/api/v1/auth/login', {
      login: 'newbie',
      password: 'a brand new password',
    })
    assert.equal(login.status, 200)
  })

  test('creating an account refuses bad or taken input and makes nothing', async ({ assert }) => {
    const { asRoot, alice } = await adminAndUser()
    const before = await User.query().count('* as total')
    const weak = await asRoot.post('/api/v1/users', {
      username: 'someone',
      email: 'someone@example.test',
      password: 'password',
    })
    assertError(assert, weak, 422, { code: 'weakPassword', field: 'password' })
    const taken = await asRoot.post('/api/v1/users', {
      username: alice.username,
      email: 'other@example.test',
      password: 'a long enough password',
    })
    assertError(assert, taken, 422, { code: 'username_taken', field: 'username' })
    const after = await User.query().count('* as total')
    assert.equal(after[0].$extras.total, before[0].$extras.total)
  })

  test('a system admin grants and revokes system admin; the last one stays', async ({ assert }) => {
    const { root, alice, asRoot } = await adminAndUser()
    const granted = await asRoot.patch(`/api/v1/users/${alice.id}`, { isAdmin: true })
    assert.equal(granted.status, 200)
    assert.isTrue(granted.body.isAdmin)
    const revoked = await asRoot.patch(`/api/v1/users/${alice.id}`, { isAdmin: false })
    assert.isFalse(revoked.body.isAdmin)
    const last = await asRoot.patch(`/api/v1/users/${root.id}`, { isAdmin: false })
    assertError(assert, last, 409, { code: 'last_admin' })
    assert.isTrue(await isAdmin(root.id))
    const bad = await asRoot.patch(`/api/v1/users/${alice.id}`, { isAdmin: 'yes' })
    assertError(assert, bad, 422, { code: 'boolean', field: 'isAdmin' })
  })

  test('a system admin resets a password: the new one works and old sessions end', async ({
    assert,
  }) => {
    const { alice, asRoot, asAlice } = await adminAndUser()
    const response = await asRoot.put(`/api/v1/users/${alice.id}/password`, {
      password: 'a fresh password here',
    })
    assert.equal(response.status, 204)
    assert.equal(await meStatus(asAlice), 401)
    const login = await new WebClient().post('/api/v1/auth/login', {
      login: alice.username,
      password: 'a fresh password here',
    })
    assert.equal(login.status, 200)
  })

  test('a weak reset password is refused and the old one keeps working', async ({ assert }) => {
    const { alice, asRoot, asAlice } = await adminAndUser()
    const response = await asRoot.put(`/api/v1/users/${alice.id}/password`, { password: 'short' })
    assertError(assert, response, 422, { code: 'minLength', field: 'password' })
    assert.equal(await meStatus(asAlice), 200)
  })

  test('people who are not system admins get 403 and change nothing', async ({ assert }) => {
    const { root, alice, asAlice } = await adminAndUser()
    assertError(assert, await asAlice.get('/api/v1/users?q=a'), 403, FORBIDDEN)
    const create = await asAlice.post('/api/v1/users', {
      username: 'sneaky',
      email: 'sneaky@example.test',
      password: 'a long enough password',
    })
    assertError(assert, create, 403, FORBIDDEN)
    assert.isNull(await User.findBy('username', 'sneaky'))
    // `me` is the profile route, which has no isAdmin to take.
    await asAlice.patch(`/api/v1/users/me`, { isAdmin: true })
    assert.isFalse(await isAdmin(alice.id))
    assertError(
      assert,
      await asAlice.patch(`/api/v1/users/${root.id}`, { isAdmin: false }),
      403,
      FORBIDDEN
    )
    assertError(
      assert,
      await asAlice.put(`/api/v1/users/${root.id}/password`, { password: 'a hijacked password' }),
      403,
      FORBIDDEN
    )
    assert.isTrue(await isAdmin(root.id))
    assertError(assert, await new WebClient().post('/api/v1/users', {}), 401, UNAUTHENTICATED)
  })

  test('an unknown user id is a 404', async ({ assert }) => {
    const { asRoot } = await adminAndUser()
    const missing = '01900000-0000-7000-8000-000000000000'
    assertError(
      assert,
      await asRoot.patch(`/api/v1/users/${missing}`, { isAdmin: true }),
      404,
      USER_NOT_FOUND
    )
    assertError(
      assert,
      await asRoot.put(`/api/v1/users/nope/password`, { password: 'a long enough password' }),
      404,
      USER_NOT_FOUND
    )
  })
})

test.group('Administration: teams', (group) => {
  isolate(group)

  test('a system admin lists every team with its member count', async ({ assert }) => {
    const { alice, asRoot } = await adminAndUser()
    const [one, two] = await TeamFactory.createMany(2)
    await addMember(one, alice, 'admin')
    const response = await asRoot.get('/api/v1/system/teams')
    assert.equal(response.status, 200)
    const byId = new Map(response.body.data.map((team: any) => [team.id, team]))
    assert.equal((byId.get(one.id) as any).memberCount, 1)
    assert.equal((byId.get(two.id) as any).memberCount, 0)
    assert.isString((byId.get(two.id) as any).inviteCode)
  })

  test('a system admin adds an account to a team with a role, or changes it', async ({
    assert,
  }) => {
    const { alice, asRoot } = await adminAndUser()
    const team = await TeamFactory.create()
    const added = await asRoot.post(`/api/v1/teams/${team.id}/members`, {
      userId: alice.id,
      role: 'guest',
    })
    assert.equal(added.status, 201)
    assert.equal(added.body.role, 'guest')
    assert.equal(added.body.user.id, alice.id)
    const again = await asRoot.post(`/api/v1/teams/${team.id}/members`, {
      userId: alice.id,
      role: 'admin',
    })
    assert.equal(again.body.role, 'admin')
    const rows = await TeamMember.query().where({ team_id: team.id })
    assert.lengthOf(rows, 1)
  })

  test('adding a member refuses bad input, unknown people and non-admins', async ({ assert }) => {
    const { alice, asRoot, asAlice } = await adminAndUser()
    const team = await TeamFactory.create()
    await addMember(team, alice, 'admin')
    const bob = await UserFactory.create()
    const badRole = await asRoot.post(`/api/v1/teams/${team.id}/members`, {
      userId: bob.id,
      role: 'owner',
    })
    assertError(assert, badRole, 422, { code: 'enum', field: 'role' })
    const badId = await asRoot.post(`/api/v1/teams/${team.id}/members`, { userId: 'bob' })
    assertError(assert, badId, 422, { code: 'uuid', field: 'userId' })
    const unknown = await asRoot.post(`/api/v1/teams/${team.id}/members`, {
      userId: '01900000-0000-7000-8000-000000000000',
    })
    assertError(assert, unknown, 404, USER_NOT_FOUND)
    // A team admin manages roles, but adding accounts they may not know of is for system admins.
    const teamAdmin = await asAlice.post(`/api/v1/teams/${team.id}/members`, { userId: bob.id })
    assertError(assert, teamAdmin, 403, FORBIDDEN)
    const other = await TeamFactory.create()
    const outsider = await asAlice.post(`/api/v1/teams/${other.id}/members`, { userId: bob.id })
    assertError(assert, outsider, 404, TEAM_NOT_FOUND)
    assertError(assert, await asAlice.get('/api/v1/system/teams'), 403, FORBIDDEN)
    const members = await db.from('team_members').where('user_id', bob.id)
    assert.lengthOf(members, 0)
  })
})

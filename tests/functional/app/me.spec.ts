import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import { FACTORY_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { WebClient } from '#tests/helpers/web_client'
import { isolate, signIn, withToken } from '#tests/helpers/auth'

const NEW_PASSWORD = 'a brand new passphrase'

const login = (user: User, password: string) =>
  new WebClient().post('/api/v1/auth/login', { login: user.username, password })

const changePassword = (client: WebClient, currentPassword: string, newPassword: string) =>
  client.put('/api/v1/users/me/password', { currentPassword, newPassword })

/** The password hash in the database, to tell whether the password changed. */
async function storedHash(user: User) {
  const stored = await User.findOrFail(user.id)
  return stored.password
}

/** Ids of the sessions in the database tagged with the user. */
async function sessionIds(user: User) {
  const rows = await db.from('sessions').where('user_id', user.id).select('id')
  return rows.map((row) => row.id as string)
}

test.group('Own profile', (group) => {
  isolate(group)

  test('a user sees their own record with private fields', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await client.get('/api/v1/users/me')

    assert.equal(response.status, 200)
    assert.containSubset(response.body, {
      id: user.id,
      username: user.username,
      email: user.email,
      displayName: user.displayName,
      isAdmin: false,
      active: true,
      deactivatedAt: null,
    })
    assert.notProperty(response.body, 'password')
  })

  test('a user changes their username, email and display name', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await client.patch('/api/v1/users/me', {
      username: ' Renamed ',
      email: 'Renamed@Example.com',
      displayName: 'Someone Else',
    })

    assert.equal(response.status, 200)
    assert.containSubset(response.body, {
      id: user.id,
      username: 'renamed',
      email: 'renamed@example.com',
      displayName: 'Someone Else',
    })
    await user.refresh()
    assert.equal(user.username, 'renamed')
    assert.equal(user.email, 'renamed@example.com')
    assert.equal(user.displayName, 'Someone Else')
  })

  test("keeping one's own username and email is no conflict", async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await client.patch('/api/v1/users/me', {
      username: user.username,
      email: user.email,
      displayName: 'New Name',
    })

    assert.equal(response.status, 200)
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.displayName, 'New Name')
  })

  test('a taken username is refused and nothing changes', async ({ assert }) => {
    const [user, other] = await UserFactory.createMany(2)
    const client = await signIn(user)

    const response = await client.patch('/api/v1/users/me', {
      username: other.username.toUpperCase(),
      displayName: 'Should Not Stick',
    })

    assert.equal(response.status, 422)
    assert.deepEqual(response.body.errors, [
      { code: 'username_taken', message: 'This username is already taken', field: 'username' },
    ])
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.username, user.username)
    assert.equal(stored.displayName, user.displayName)
  })

  test('a taken email is refused and nothing changes', async ({ assert }) => {
    const [user, other] = await UserFactory.createMany(2)
    const client = await signIn(user)

    const response = await client.patch('/api/v1/users/me', { email: other.email })

    assert.equal(response.status, 422)
    assert.deepEqual(response.body.errors, [
      { code: 'email_taken', message: 'This email is already taken', field: 'email' },
    ])
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.email, user.email)
  })

  test('an invalid email or username is refused and nothing changes', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    for (const [changes, field] of [
      [{ email: 'not an email' }, 'email'],
      [{ username: 'has space' }, 'username'],
      [{ username: 'me' }, 'username'],
    ] as const) {
      const response = await client.patch('/api/v1/users/me', changes)

      assert.equal(response.status, 422, JSON.stringify(changes))
      assert.lengthOf(response.body.errors, 1)
      assert.equal(response.body.errors[0].field, field)
      assert.isString(response.body.errors[0].code)
      assert.isString(response.body.errors[0].message)
    }
    const stored = await User.findOrFail(user.id)
    assert.equal(stored.email, user.email)
    assert.equal(stored.username, user.username)
  })

  test('a visitor without a session cannot read or change a profile', async ({ assert }) => {
    const client = new WebClient()

    for (const response of [
      await client.get('/api/v1/users/me'),
      await client.patch('/api/v1/users/me', { displayName: 'Ghost' }),
    ]) {
      assert.equal(response.status, 401)
      assert.deepEqual(response.body.errors, [
        { code: 'unauthenticated', message: 'Authentication required' },
      ])
    }
    assert.lengthOf(await User.query().where('display_name', 'Ghost'), 0)
  })
})

test.group('Password change', (group) => {
  isolate(group)

  test('a wrong current password is refused and the password stays', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await changePassword(client, 'not my password', NEW_PASSWORD)

    assert.equal(response.status, 422)
    assert.deepEqual(response.body.errors, [
      {
        code: 'wrong_password',
        message: 'The current password is wrong',
        field: 'currentPassword',
      },
    ])
    assert.equal(await storedHash(user), user.password)
    const again = await login(user, FACTORY_PASSWORD)
    assert.equal(again.status, 200)
  })

  test('a weak new password is refused and the password stays', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    for (const [weak, code] of [
      ['letmein1', 'weakPassword'],
      ['short', 'minLength'],
    ]) {
      const response = await changePassword(client, FACTORY_PASSWORD, weak)

      assert.equal(response.status, 422, weak)
      assert.lengthOf(response.body.errors, 1)
      assert.containSubset(response.body.errors, [{ code, field: 'newPassword' }])
      assert.isString(response.body.errors[0].message)
    }
    assert.equal(await storedHash(user), user.password)
  })

  test('a new password replaces the old one', async ({ assert }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)

    const response = await changePassword(client, FACTORY_PASSWORD, NEW_PASSWORD)

    assert.equal(response.status, 204)
    assert.notEqual(await storedHash(user), user.password)
    const old = await login(user, FACTORY_PASSWORD)
    assert.equal(old.status, 401)
    assert.equal(old.body.errors[0].code, 'invalid_credentials')
    const fresh = await login(user, NEW_PASSWORD)
    assert.equal(fresh.status, 200)
  })

  test('a password change ends the other sessions but keeps this one', async ({ assert }) => {
    const user = await UserFactory.create()
    const current = await signIn(user)
    const currentIds = await sessionIds(user)
    const elsewhere = await signIn(user)
    assert.lengthOf(await sessionIds(user), 2)

    const response = await changePassword(current, FACTORY_PASSWORD, NEW_PASSWORD)

    assert.equal(response.status, 204)
    const kicked = await elsewhere.get('/api/v1/users/me')
    assert.equal(kicked.status, 401)
    assert.equal(kicked.body.errors[0].code, 'unauthenticated')
    const kept = await current.get('/api/v1/users/me')
    assert.equal(kept.status, 200)
    assert.equal(kept.body.id, user.id)
    assert.deepEqual(await sessionIds(user), currentIds)
  })

  test('a token cannot change the password', async ({ assert }) => {
    const user = await UserFactory.create()
    const script = await withToken(user, ['write'])

    const response = await changePassword(script, FACTORY_PASSWORD, NEW_PASSWORD)

    assert.equal(response.status, 403)
    assert.deepEqual(response.body.errors, [
      {
        code: 'session_required',
        message: 'This action needs a signed-in session, not a token',
      },
    ])
    assert.equal(await storedHash(user), user.password)
  })
})

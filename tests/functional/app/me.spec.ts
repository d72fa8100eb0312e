import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import { FACTORY_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { TeamFactory, addMember } from '#database/factories/team_factory'
import { mailbox } from '#tests/helpers/smtp'
import { WebClient, expectStatus } from '#tests/helpers/web_client'
import { isolate, signIn, signup, withToken } from '#tests/helpers/auth'

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

/** An address no other test writes to, so its mailbox holds only this test's email. */
const freshAddress = () => `new-${randomBytes(5).toString('hex')}@example.com`

/** The one email sent to an address, once it has arrived. */
async function emailTo(address: string) {
  const [message] = await mailbox.waitFor(
    () => mailbox.to(address).length > 0 && mailbox.to(address)
  )
  return message.text ?? ''
}

/** The user's email as stored now. */
async function storedEmail(user: User) {
  const { email } = await User.findOrFail(user.id)
  return email
}

/** The user's display name as stored now. */
async function storedDisplayName(user: User) {
  const { displayName } = await User.findOrFail(user.id)
  return displayName
}

/** The confirmation code of an email change message. */
const codeIn = (text: string) => /Confirmation code: (\S+)/.exec(text)?.[1]

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

  test('a user changes their username and display name at once, the email once confirmed', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)
    const address = freshAddress()

    const response = await client.patch('/api/v1/users/me', {
      username: ' Renamed ',
      email: address.toUpperCase(),
      displayName: 'Someone Else',
    })

    assert.equal(response.status, 200)
    assert.containSubset(response.body, {
      id: user.id,
      username: 'renamed',
      email: user.email,
      displayName: 'Someone Else',
      pendingEmail: address,
    })
    await user.refresh()
    assert.equal(user.username, 'renamed')
    assert.equal(user.displayName, 'Someone Else')
    const code = codeIn(await emailTo(address))
    assert.isString(code)
    assert.equal(await storedEmail(user), user.email)

    const confirmed = await client.put('/api/v1/users/me/email', { token: code })

    assert.equal(confirmed.status, 200)
    assert.equal(confirmed.body.email, address)
    assert.equal(await storedEmail(user), address)
    const again = await client.put('/api/v1/users/me/email', { token: code })
    assert.equal(again.status, 422)
    assert.deepEqual(again.body.errors, [
      { code: 'invalid_token', message: 'This link is not valid or has expired', field: 'token' },
    ])
  })

  test('an email change code works only for the account that asked for it', async ({ assert }) => {
    const [user, other] = await UserFactory.createMany(2)
    const address = freshAddress()
    const [mine, theirs] = [await signIn(user), await signIn(other)]
    expectStatus(await mine.patch('/api/v1/users/me', { email: address }), 200)
    const code = codeIn(await emailTo(address))

    const stolen = await theirs.put('/api/v1/users/me/email', { token: code })
    const forged = await mine.put('/api/v1/users/me/email', { token: 'forged' })

    for (const response of [stolen, forged]) {
      assert.equal(response.status, 422)
      assert.equal(response.body.errors[0].code, 'invalid_token')
    }
    assert.equal(await storedEmail(other), other.email)
    assert.equal(await storedEmail(user), user.email)
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

  test("someone else's email gets the answer a free one gets, and nothing changes", async ({
    assert,
  }) => {
    const [user, other] = await UserFactory.createMany(2)
    const client = await signIn(user)
    const free = freshAddress()

    const taken = await client.patch('/api/v1/users/me', { email: other.email })
    const untaken = await client.patch('/api/v1/users/me', { email: free })

    assert.equal(taken.status, 200)
    assert.equal(untaken.status, 200)
    assert.deepEqual(
      { ...taken.body, pendingEmail: 'x', updatedAt: 'x' },
      { ...untaken.body, pendingEmail: 'x', updatedAt: 'x' }
    )
    assert.equal(taken.body.pendingEmail, other.email)
    assert.equal(await storedEmail(user), user.email)
    // The owner of the taken address hears that nothing changed, and gets no code.
    const notice = await emailTo(other.email)
    assert.include(notice, 'already belongs to an account')
    assert.isUndefined(codeIn(notice))
    assert.isString(codeIn(await emailTo(free)))
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

test.group('Display names', (group) => {
  isolate(group)

  test('invisible and direction-changing characters are stripped, spaces collapsed', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const client = await signIn(user)
    const cases: Array<[string, string]> = [
      ['Al\u202Eice\u200B  Smith', 'Alice Smith'],
      ['\u2066Bob\u2069\u200F \u00A0Jones\uFEFF', 'Bob Jones'],
      ['\u3164', ''],
      ['Zoë \u{1F469}\u200D\u{1F4BB}', 'Zoë \u{1F469}\u200D\u{1F4BB}'],
    ]

    for (const [sent, stored] of cases) {
      const response = await client.patch('/api/v1/users/me', { displayName: sent })
      assert.equal(response.status, 200, JSON.stringify(sent))
      assert.equal(response.body.displayName, stored)
      assert.equal(await storedDisplayName(user), stored)
    }
  })

  test("a teammate's display name or username is refused whatever its case or width", async ({
    assert,
  }) => {
    const team = await TeamFactory.create()
    const [user, teammate] = await Promise.all([
      UserFactory.merge({ displayName: 'Me' }).create(),
      UserFactory.merge({ username: 'bobby', displayName: 'Alice Smith' }).create(),
    ])
    await addMember(team, user)
    await addMember(team, teammate)
    const client = await signIn(user)

    for (const name of [
      'alice smith',
      'ALICE\u200B  SMITH',
      'Ａｌｉｃｅ Ｓｍｉｔｈ',
      'Bobby',
      '@bobby',
    ]) {
      const response = await client.patch('/api/v1/users/me', { displayName: name })

      assert.equal(response.status, 422, name)
      assert.deepEqual(response.body.errors, [
        {
          code: 'display_name_taken',
          message: 'Someone in your team already goes by this name',
          field: 'displayName',
        },
      ])
    }
    assert.equal(await storedDisplayName(user), 'Me')
  })

  test("one's own name, or the name of someone in another team, is free", async ({ assert }) => {
    const [team, elsewhere] = await TeamFactory.createMany(2)
    const user = await UserFactory.merge({ username: 'carol' }).create()
    const stranger = await UserFactory.merge({ displayName: 'Alice Smith' }).create()
    await addMember(team, user)
    await addMember(elsewhere, stranger)
    const client = await signIn(user)

    const own = await client.patch('/api/v1/users/me', { displayName: 'Carol' })
    const strangers = await client.patch('/api/v1/users/me', { displayName: 'Alice Smith' })

    assert.equal(own.status, 200)
    assert.equal(strangers.status, 200)
    assert.equal(await storedDisplayName(user), 'Alice Smith')
  })

  test("signing up into a team under a member's name is refused and creates no account", async ({
    assert,
  }) => {
    await UserFactory.create()
    const team = await TeamFactory.create()
    await addMember(team, await UserFactory.merge({ displayName: 'Team Lead' }).create())

    const response = await signup(new WebClient(), {
      invite: team.inviteCode,
      displayName: '\u202Dteam lead',
    })

    assert.equal(response.status, 422)
    assert.equal(response.body.errors[0].code, 'display_name_taken')
    assert.isNull(await User.findBy('username', 'alice'))
  })
})

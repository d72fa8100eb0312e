import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import Team from '#app/models/team'
import TeamMember from '#app/models/team_member'
import TokenService from '#app/services/token_service'
import { newId } from '#app/helpers/ids'
import UserCreate from '#commands/user_create'
import UserList from '#commands/user_list'
import UserRole from '#commands/user_role'
import UserDeactivate from '#commands/user_deactivate'
import UserReactivate from '#commands/user_reactivate'
import UserResetPassword from '#commands/user_reset_password'
import TeamCreate from '#commands/team_create'
import TeamAddMember from '#commands/team_add_member'
import TeamList from '#commands/team_list'
import { FACTORY_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { TeamFactory, addMember } from '#database/factories/team_factory'
import { WebClient } from '#tests/helpers/web_client'
import { isolate, signIn } from '#tests/helpers/auth'
import { errorsOf, rawOutput, run, tableOf } from '#tests/helpers/ace'
import { count } from '#tests/helpers/data'

const PASSWORD = 'a long enough password'

/** The status of a login through the real route, as the web app sends it. */
async function loginStatus(login: string, password: string) {
  const response = await new WebClient().post('/api/v1/auth/login', { login, password })
  return response.status
}

async function meStatus(client: WebClient) {
  const response = await client.get('/api/v1/users/me')
  return response.status
}

/** A user with both a signed-in browser session and a personal access token. */
async function signedInEverywhere(user: User) {
  const web = await signIn(user)
  const token = await new TokenService().create(user, { name: 't', scopes: ['read'] })
  return { web, api: new WebClient(token.value!.release()) }
}

/** The first account, made the way an operator makes it: it claims "first admin". */
async function firstAdmin() {
  const command = await run(UserCreate, [
    '--username=root',
    '--email=root@example.com',
    `--password=${PASSWORD}`,
  ])
  command.assertSucceeded()
}

test.group('Admin console', (group) => {
  isolate(group)
  rawOutput(group)

  test('user:create makes the very first account a system admin who can log in', async ({
    assert,
  }) => {
    assert.isNull(await db.from('settings').where('key', 'first_admin_id').first())

    const command = await run(UserCreate, [
      '--username=alice',
      '--email=alice@example.com',
      `--password=${PASSWORD}`,
    ])

    command.assertSucceeded()
    const alice = await User.findByOrFail('username', 'alice')
    command.assertLog(
      `[ green(success) ] Created system admin alice <alice@example.com> (${alice.id})`,
      'stdout'
    )
    assert.isTrue(alice.isAdmin)
    assert.isTrue(alice.isActive)
    assert.equal(alice.email, 'alice@example.com')
    const claim = await db.from('settings').where('key', 'first_admin_id').first()
    assert.equal(claim.value, alice.id)

    const client = await signIn(alice, PASSWORD)
    const me = await client.get('/api/v1/users/me')
    assert.equal(me.status, 200)
    assert.equal(me.body.username, 'alice')
    assert.isTrue(me.body.isAdmin)
  })

  test('user:create makes later accounts regular users unless --admin is given', async ({
    assert,
  }) => {
    await firstAdmin()

    const regular = await run(UserCreate, [
      '--username=bob',
      '--email=bob@example.com',
      `--password=${PASSWORD}`,
      '--display-name=Bob Builder',
    ])

    regular.assertSucceeded()
    const bob = await User.findByOrFail('username', 'bob')
    regular.assertLog(`[ green(success) ] Created user bob <bob@example.com> (${bob.id})`)
    assert.isFalse(bob.isAdmin)
    assert.equal(bob.displayName, 'Bob Builder')

    const admin = await run(UserCreate, [
      '--username=carol',
      '--email=carol@example.com',
      `--password=${PASSWORD}`,
      '--admin',
    ])

    admin.assertSucceeded()
    const carol = await User.findByOrFail('username', 'carol')
    admin.assertLog(
      `[ green(success) ] Created system admin carol <carol@example.com> (${carol.id})`
    )
    assert.isTrue(carol.isAdmin)
    assert.equal(await loginStatus('bob@example.com', PASSWORD), 200)
    assert.equal(await loginStatus('carol', PASSWORD), 200)
  })

  test('user:create stores the username and email in lower case', async ({ assert }) => {
    const command = await run(UserCreate, [
      '--username=Dora',
      '--email=Dora@Example.COM',
      `--password=${PASSWORD}`,
    ])

    command.assertSucceeded()
    const dora = await User.findByOrFail('username', 'dora')
    assert.equal(dora.email, 'dora@example.com')
    assert.equal(await loginStatus('DORA', PASSWORD), 200)
  })

  test('a duplicate username is refused and nothing is created', async ({ assert }) => {
    const existing = await UserFactory.create()
    const before = await count('users')

    const command = await run(UserCreate, [
      `--username=${existing.username.toUpperCase()}`,
      '--email=someone.else@example.com',
      `--password=${PASSWORD}`,
    ])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['This username is already taken'])
    assert.equal(await count('users'), before)
    assert.equal(await count('users', { email: 'someone.else@example.com' }), 0)
  })

  test('a duplicate email is refused whatever its case and nothing is created', async ({
    assert,
  }) => {
    const existing = await UserFactory.create()
    const before = await count('users')

    const command = await run(UserCreate, [
      '--username=newcomer',
      `--email=${existing.email.toUpperCase()}`,
      `--password=${PASSWORD}`,
    ])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['This email is already taken'])
    assert.equal(await count('users'), before)
    assert.equal(await count('users', { username: 'newcomer' }), 0)
  })

  test('weak passwords are refused and nothing is created', async ({ assert }) => {
    await firstAdmin()
    const before = await count('users')

    const short = await run(UserCreate, [
      '--username=erin',
      '--email=erin@example.com',
      '--password=short1',
    ])

    short.assertExitCode(1)
    assert.deepEqual(errorsOf(short), [
      'password: The password field must have at least 8 characters',
    ])

    const common = await run(UserCreate, [
      '--username=erin',
      '--email=erin@example.com',
      '--password=password123',
    ])

    common.assertExitCode(1)
    assert.deepEqual(errorsOf(common), ['password: This password is too common'])
    assert.equal(await count('users'), before)
    assert.equal(await count('users', { username: 'erin' }), 0)
  })

  test('an invalid email is refused and nothing is created', async ({ assert }) => {
    const command = await run(UserCreate, [
      '--username=frank',
      '--email=frank.example.com',
      `--password=${PASSWORD}`,
    ])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['email: The email field must be a valid email address'])
    assert.equal(await count('users'), 0)
    assert.isNull(await db.from('settings').where('key', 'first_admin_id').first())
  })

  test('invalid usernames are refused and nothing is created', async ({ assert }) => {
    const leadingDash = await run(UserCreate, [
      '--username=-bad',
      '--email=bad@example.com',
      `--password=${PASSWORD}`,
    ])
    leadingDash.assertExitCode(1)
    assert.deepEqual(errorsOf(leadingDash), ['username: The username field format is invalid'])

    const tooLong = await run(UserCreate, [
      `--username=${'a'.repeat(23)}`,
      '--email=long@example.com',
      `--password=${PASSWORD}`,
    ])

    tooLong.assertExitCode(1)
    assert.deepEqual(errorsOf(tooLong), [
      'username: The username field must not be greater than 22 characters',
    ])
    assert.equal(await count('users'), 0)
  })

  test('user:create without --username is refused and nothing is created', async ({ assert }) => {
    const command = await run(UserCreate, ['--email=nobody@example.com', `--password=${PASSWORD}`])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['username: The username field must be defined'])
    assert.equal(await count('users'), 0)
  })

  test('user:list prints every account, past a page of 200', async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const gone = await UserFactory.create()
    const deactivate = await run(UserDeactivate, [gone.username])
    deactivate.assertSucceeded()
    // Copies of one stored row keep 200+ accounts cheap: no password hash per row.
    const row = await db.from('users').where('id', gone.id).first()
    const copies = Array.from({ length: 203 }, (_, index) => {
      const username = `bulk${String(index).padStart(3, '0')}`
      return { ...row, id: newId(), username, email: `${username}@example.test` }
    })
    await db.table('users').multiInsert(copies)
    const users = await User.query().select('username')

    const command = await run(UserList, [])

    command.assertSucceeded()
    const [header, ...rows] = tableOf(command)
    assert.deepEqual(header, ['Username', 'Email', 'Display name', 'Admin', 'Active', 'Created'])
    assert.sameMembers(
      rows.map(([username]) => username),
      users.map((user) => user.username)
    )
    assert.lengthOf(rows, 205)
    await admin.refresh()
    await gone.refresh()
    command.assertTableRows([
      [admin.username, admin.email, admin.displayName, 'yes', 'yes', admin.createdAt.toISODate()!],
      [gone.username, gone.email, gone.displayName, 'no', 'no', gone.createdAt.toISODate()!],
    ])
    command.assertLog('[ blue(info) ] 205 account(s)')
  })

  test('team:list prints every team with its member count', async ({ assert }) => {
    const [owner, member, guest] = await UserFactory.createMany(3)
    const busy = await TeamFactory.create()
    await addMember(busy, owner, 'admin')
    await addMember(busy, member, 'member')
    await addMember(busy, guest, 'guest')
    const quiet = await TeamFactory.create()
    await addMember(quiet, owner, 'admin')
    const empty = await TeamFactory.create()
    await TeamFactory.createMany(200)

    const command = await run(TeamList, [])

    command.assertSucceeded()
    const [header, ...rows] = tableOf(command)
    const teams = await Team.all()
    assert.deepEqual(header, ['Id', 'Name', 'Members', 'Created'])
    assert.sameMembers(
      rows.map(([id]) => id),
      teams.map((team) => team.id)
    )
    for (const [team, members] of [
      [busy, '3'],
      [quiet, '1'],
      [empty, '0'],
    ] as const) {
      await team.refresh()
      command.assertTableRows([[team.id, team.name, members, team.createdAt.toISODate()!]])
    }
    command.assertLog('[ blue(info) ] 203 team(s)')
  })

  test('user:role admin grants system admin and user:role user revokes it', async ({ assert }) => {
    await firstAdmin()
    const user = await UserFactory.create()

    const grant = await run(UserRole, [user.email, 'admin'])
    grant.assertSucceeded()
    grant.assertLog(`[ green(success) ] ${user.username} is now a system admin`)
    await user.refresh()
    assert.isTrue(user.isAdmin)

    const revoke = await run(UserRole, [user.username, 'user'])
    revoke.assertSucceeded()
    revoke.assertLog(`[ green(success) ] ${user.username} is now a regular user`)
    await user.refresh()
    assert.isFalse(user.isAdmin)
  })

  test('user:role with an unknown role is refused and changes nothing', async ({ assert }) => {
    const user = await UserFactory.create()

    const command = await run(UserRole, [user.username, 'root'])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['Role must be "admin" or "user", not "root"'])
    await user.refresh()
    assert.isFalse(user.isAdmin)
  })

  test('user:role for an unknown user is refused and makes no admin', async ({ assert }) => {
    await UserFactory.create()

    const command = await run(UserRole, ['ghost', 'admin'])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['User "ghost" not found'])
    assert.equal(await count('users', { is_admin: true }), 0)
  })

  test('revoking the last active system admin is refused and they stay admin', async ({
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const retired = await UserFactory.apply('admin').create()
    retired.deactivatedAt = retired.createdAt
    await retired.save()

    const command = await run(UserRole, [admin.username, 'user'])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['The last active system admin cannot be removed'])
    await admin.refresh()
    assert.isTrue(admin.isAdmin)
  })

  test("user:deactivate ends that user's sessions and tokens and keeps others'", async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const bystander = await UserFactory.create()
    const { web, api } = await signedInEverywhere(user)
    const other = await signedInEverywhere(bystander)
    assert.equal(await meStatus(web), 200)
    assert.equal(await meStatus(api), 200)
    assert.isAbove(await count('sessions', { user_id: user.id }), 0)
    assert.equal(await count('auth_access_tokens', { tokenable_id: user.id }), 1)

    const command = await run(UserDeactivate, [user.username])

    command.assertSucceeded()
    command.assertLog(`[ green(success) ] Deactivated ${user.username}`)
    await user.refresh()
    assert.isNotNull(user.deactivatedAt)
    assert.equal(await count('sessions', { user_id: user.id }), 0)
    assert.equal(await count('auth_access_tokens', { tokenable_id: user.id }), 0)
    assert.equal(await meStatus(web), 401)
    assert.equal(await meStatus(api), 401)
    assert.equal(await loginStatus(user.username, FACTORY_PASSWORD), 401)

    assert.equal(await meStatus(other.web), 200)
    assert.equal(await meStatus(other.api), 200)
    assert.equal(await count('auth_access_tokens', { tokenable_id: bystander.id }), 1)
  })

  test('user:reactivate lets a deactivated user log in again', async ({ assert }) => {
    const user = await UserFactory.create()
    const deactivate = await run(UserDeactivate, [user.email])
    deactivate.assertSucceeded()
    assert.equal(await loginStatus(user.username, FACTORY_PASSWORD), 401)

    const command = await run(UserReactivate, [user.username])

    command.assertSucceeded()
    command.assertLog(`[ green(success) ] Reactivated ${user.username}`)
    await user.refresh()
    assert.isNull(user.deactivatedAt)
    assert.equal(await meStatus(await signIn(user)), 200)
  })

  test('deactivating or reactivating an unknown user is refused', async ({ assert }) => {
    const user = await UserFactory.create()

    const deactivate = await run(UserDeactivate, ['ghost'])

    deactivate.assertExitCode(1)
    assert.deepEqual(errorsOf(deactivate), ['User "ghost" not found'])

    const reactivate = await run(UserReactivate, ['ghost@example.com'])

    reactivate.assertExitCode(1)
    assert.deepEqual(errorsOf(reactivate), ['User "ghost@example.com" not found'])
    assert.equal(await count('users', { deactivated_at: null }), 1)
    await user.refresh()
    assert.isTrue(user.isActive)
  })

  test('deactivating the last active system admin is refused', async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const web = await signIn(admin)

    const command = await run(UserDeactivate, [admin.username])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['The last active system admin cannot be removed'])
    await admin.refresh()
    assert.isNull(admin.deactivatedAt)
    assert.equal(await meStatus(web), 200)
  })

  test('user:reset-password sets a password that logs in and ends every session', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const web = await signIn(user)
    assert.isAbove(await count('sessions', { user_id: user.id }), 0)

    const command = await run(UserResetPassword, [user.username, '--password=a brand new secret'])

    command.assertSucceeded()
    command.assertLog(
      `[ green(success) ] Password of ${user.username} reset; their sessions have ended`
    )
    assert.equal(await count('sessions', { user_id: user.id }), 0)
    assert.equal(await meStatus(web), 401)
    assert.equal(await loginStatus(user.username, FACTORY_PASSWORD), 401)
    assert.equal(await meStatus(await signIn(user, 'a brand new secret')), 200)
  })

  test('a weak password in user:reset-password is refused and the old one still works', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const web = await signIn(user)
    const sessions = await count('sessions', { user_id: user.id })

    const command = await run(UserResetPassword, [user.username, '--password=password123'])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['password: This password is too common'])
    assert.equal(await count('sessions', { user_id: user.id }), sessions)
    assert.equal(await meStatus(web), 200)
    assert.equal(await loginStatus(user.username, 'password123'), 401)
    assert.equal(await loginStatus(user.username, FACTORY_PASSWORD), 200)
  })

  test('team:create makes a team with its owner as team admin', async ({ assert }) => {
    const owner = await UserFactory.create()

    const command = await run(TeamCreate, ['--name=  Kitchen crew ', `--owner=${owner.email}`])

    command.assertSucceeded()
    const team = await Team.findByOrFail('name', 'Kitchen crew')
    command.assertLog(
      `[ green(success) ] Created team "Kitchen crew" (${team.id}), admin ${owner.username}`
    )
    command.assertLog(`[ blue(info) ] Invite code: ${team.inviteCode}`)
    const members = await TeamMember.query().where('team_id', team.id)
    assert.deepEqual(
      members.map((member) => [member.userId, member.role]),
      [[owner.id, 'admin']]
    )
  })

  test('team:create without --owner is refused and creates no team', async ({ assert }) => {
    const command = await run(TeamCreate, ['--name=Orphans'])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['Name the first team admin with --owner'])
    assert.equal(await count('teams'), 0)
  })

  test('team:create with an unknown owner is refused and creates no team', async ({ assert }) => {
    await UserFactory.create()

    const command = await run(TeamCreate, ['--name=Ghosts', '--owner=ghost'])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['User "ghost" not found'])
    assert.equal(await count('teams'), 0)
    assert.equal(await count('team_members'), 0)
  })

  test('team:create with an empty name is refused and creates no team', async ({ assert }) => {
    const owner = await UserFactory.create()

    const blank = await run(TeamCreate, ['--name=   ', `--owner=${owner.username}`])

    blank.assertExitCode(1)
    assert.deepEqual(errorsOf(blank), ['name: The name field must have at least 1 characters'])

    const missing = await run(TeamCreate, [`--owner=${owner.username}`])

    missing.assertExitCode(1)
    assert.deepEqual(errorsOf(missing), ['name: The name field must be defined'])
    assert.equal(await count('teams'), 0)
  })

  test('team:add-member adds an account by team id or name, as member or --role', async ({
    assert,
  }) => {
    const team = await TeamFactory.create()
    const [member, guest] = await UserFactory.createMany(2)

    const byId = await run(TeamAddMember, [team.id, member.username])

    byId.assertSucceeded()
    byId.assertLog(`[ green(success) ] ${member.username} is a member of "${team.name}"`)

    const byName = await run(TeamAddMember, [team.name, guest.email, '--role=guest'])

    byName.assertSucceeded()
    byName.assertLog(`[ green(success) ] ${guest.username} is a guest of "${team.name}"`)
    const roles = await TeamMember.query().where('team_id', team.id).orderBy('id')
    assert.deepEqual(
      roles.map((row) => [row.userId, row.role]),
      [
        [member.id, 'member'],
        [guest.id, 'guest'],
      ]
    )
  })

  test("team:add-member changes an existing member's role without a second row", async ({
    assert,
  }) => {
    const team = await TeamFactory.create()
    const [owner, user] = await UserFactory.createMany(2)
    await addMember(team, owner, 'admin')
    await addMember(team, user, 'member')

    const promote = await run(TeamAddMember, [team.id, user.username, '--role=admin'])

    promote.assertSucceeded()
    promote.assertLogMatches(new RegExp(`${user.username} is an? admin of`))
    const rows = await TeamMember.query().where({ team_id: team.id, user_id: user.id })
    assert.deepEqual(
      rows.map((row) => row.role),
      ['admin']
    )

    const demote = await run(TeamAddMember, [team.id, owner.username, '--role=guest'])

    demote.assertSucceeded()
    const owners = await TeamMember.query().where({ team_id: team.id, user_id: owner.id })
    assert.deepEqual(
      owners.map((row) => row.role),
      ['guest']
    )
    assert.equal(await count('team_members', { team_id: team.id }), 2)
  })

  test("team:add-member refuses to demote a team's last admin", async ({ assert }) => {
    const team = await TeamFactory.create()
    const owner = await UserFactory.create()
    await addMember(team, owner, 'admin')

    const command = await run(TeamAddMember, [team.id, owner.username, '--role=member'])

    command.assertExitCode(1)
    assert.deepEqual(errorsOf(command), ['A team must keep at least one admin'])
    const membership = await TeamMember.findByOrFail({ team_id: team.id, user_id: owner.id })
    assert.equal(membership.role, 'admin')
  })

  test('team:add-member with an unknown team, user or role is refused and changes nothing', async ({
    assert,
  }) => {
    const team = await TeamFactory.create()
    const [owner, user] = await UserFactory.createMany(2)
    await addMember(team, owner, 'admin')

    const missingId = newId()
    const refusals: Array<[string[], string]> = [
      [['Nowhere', user.username], 'Team "Nowhere" not found'],
      [[missingId, user.username], `Team "${missingId}" not found`],
      [[team.id, 'ghost'], 'User "ghost" not found'],
      [[team.id, user.username, '--role=owner'], 'role: The selected role is invalid'],
      [[team.id, owner.username, '--role=owner'], 'role: The selected role is invalid'],
    ]

    for (const [argv, message] of refusals) {
      const command = await run(TeamAddMember, argv)
      command.assertExitCode(1)
      assert.deepEqual(errorsOf(command), [message])
    }
    const rows = await TeamMember.query().where('team_id', team.id)
    assert.deepEqual(
      rows.map((row) => [row.userId, row.role]),
      [[owner.id, 'admin']]
    )
    assert.equal(await count('team_members'), 1)
  })

  test('team:add-member with a name two teams share is refused and asks for the id', async ({
    assert,
  }) => {
    const first = await TeamFactory.merge({ name: 'Ops' }).create()
    const second = await TeamFactory.merge({ name: 'Ops' }).create()
    const user = await UserFactory.create()

    const byName = await run(TeamAddMember, ['Ops', user.username])

    byName.assertExitCode(1)
    assert.deepEqual(errorsOf(byName), ['Several teams are named "Ops": use the team id'])
    assert.equal(await count('team_members'), 0)

    const byId = await run(TeamAddMember, [second.id, user.username])

    byId.assertSucceeded()
    assert.equal(await count('team_members', { team_id: second.id, user_id: user.id }), 1)
    assert.equal(await count('team_members', { team_id: first.id }), 0)
  })

  test('a refused command run from the shell exits non-zero with a clear message', async ({
    assert,
  }) => {
    const tmp = app.makePath('tmp')
    mkdirSync(tmp, { recursive: true })
    const dataDir = mkdtempSync(`${tmp}/ace-exit-`)
    try {
      const result = spawnSync('npx', ['node', 'ace', 'user:create', '--username=x'], {
        cwd: app.makePath(),
        env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir },
        encoding: 'utf8',
        timeout: 55000,
      })
      const output = `${result.stdout}\n${result.stderr}`

      assert.isNull(result.error ?? null)
      assert.notEqual(result.status, 0)
      assert.include(output, 'username: The username field must have at least 3 characters')
      assert.include(output, 'email: The email field must be defined')
      assert.include(output, 'password: The password field must be defined')
      assert.notInclude(output, 'Created')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }).timeout(60000)
})

import { test } from '@japa/runner'
import Team from '#app/models/team'
import TeamMember from '#app/models/team_member'
import type User from '#app/models/user'
import { newId } from '#app/helpers/ids'
import { TeamFactory, addMember } from '#database/factories/team_factory'
import { UserFactory } from '#database/factories/user_factory'
import { WebClient, type WebResponse } from '#tests/helpers/web_client'
import { FORBIDDEN, MEMBER_NOT_FOUND, TEAM_NOT_FOUND, assertError } from '#tests/helpers/assertions'
import { isolate, signIn } from '#tests/helpers/auth'
import { usersNamed } from '#tests/helpers/data'

const LAST_TEAM_ADMIN = { code: 'last_team_admin', message: 'A team must keep at least one admin' }
const INVALID_INVITE = {
  code: 'invalid_invite',
  message: 'This invite link is not valid',
  field: 'invite',
}

/** A team with one admin and one plain member, the cast of most tests here. */
async function teamWithAdminAndMember() {
  const team = await TeamFactory.create()
  const admin = await UserFactory.create()
  const member = await UserFactory.create()
  await addMember(team, admin, 'admin')
  await addMember(team, member, 'member')
  return { team, admin, member }
}

function membership(team: Team, user: User) {
  return TeamMember.query().where({ team_id: team.id, user_id: user.id }).first()
}

async function roleOf(team: Team, user: User) {
  const row = await membership(team, user)
  return row?.role ?? null
}

async function membershipCount(team: Team) {
  const rows = await TeamMember.query().where('team_id', team.id)
  return rows.length
}

test.group('Teams: listing and creating', (group) => {
  isolate(group)

  test('a user lists only their own teams, with their role and the invite code where they are admin', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    const led = await TeamFactory.merge({ name: 'Alpha' }).create()
    const joined = await TeamFactory.merge({ name: 'Bravo' }).create()
    const other = await TeamFactory.merge({ name: 'Charlie' }).create()
    await addMember(led, user, 'admin')
    await addMember(joined, user, 'member')
    await addMember(other, await UserFactory.create(), 'admin')

    const client = await signIn(user)
    const response = await client.get('/api/v1/teams')

    assert.equal(response.status, 200)
    assert.isNull(response.body.next)
    assert.deepEqual(
      response.body.data.map((team: any) => [team.id, team.name, team.role]),
      [
        [led.id, 'Alpha', 'admin'],
        [joined.id, 'Bravo', 'member'],
      ]
    )
    assert.equal(response.body.data[0].inviteCode, led.inviteCode)
    assert.notProperty(response.body.data[1], 'inviteCode')
  })

  test('creating a team makes the creator its admin', async ({ assert }) => {
    const user = await UserFactory.create()

    const client = await signIn(user)
    const response = await client.post('/api/v1/teams', { name: '  Platform  ' })

    assert.equal(response.status, 201)
    assert.equal(response.body.name, 'Platform')
    assert.equal(response.body.role, 'admin')
    assert.isString(response.body.inviteCode)

    const team = await Team.findOrFail(response.body.id)
    assert.equal(team.name, 'Platform')
    assert.equal(team.inviteCode, response.body.inviteCode)
    const members = await TeamMember.query().where('team_id', team.id)
    assert.deepEqual(
      members.map((member) => [member.userId, member.role]),
      [[user.id, 'admin']]
    )
  })

  test('a team name must be 1 to 64 characters', async ({ assert }) => {
    const client = await signIn(await UserFactory.create())

    for (const name of ['', '   ', 'x'.repeat(65)]) {
      const response = await client.post('/api/v1/teams', { name })
      assertError(assert, response, 422, {
        code: name.trim() ? 'maxLength' : 'minLength',
        field: 'name',
      })
    }
    const missing = await client.post('/api/v1/teams', {})
    assertError(assert, missing, 422, { code: 'required', field: 'name' })

    assert.lengthOf(await Team.all(), 0)
    assert.lengthOf(await TeamMember.all(), 0)
  })

  test('a 64-character name is accepted', async ({ assert }) => {
    const client = await signIn(await UserFactory.create())

    const response = await client.post('/api/v1/teams', { name: 'x'.repeat(64) })

    assert.equal(response.status, 201)
    const stored = await Team.findOrFail(response.body.id)
    assert.equal(stored.name, 'x'.repeat(64))
  })

  test('listing or creating teams needs a signed-in user', async ({ assert }) => {
    const client = new WebClient()

    const list = await client.get('/api/v1/teams')
    assertError(assert, list, 401, { code: 'unauthenticated', message: 'Authentication required' })
    const create = await client.post('/api/v1/teams', { name: 'Platform' })
    assertError(assert, create, 401, {
      code: 'unauthenticated',
      message: 'Authentication required',
    })

    assert.lengthOf(await Team.all(), 0)
  })
})

test.group('Teams: seeing and managing one team', (group) => {
  isolate(group)

  test('a member sees the team and their role, but not its invite code', async ({ assert }) => {
    const { team, member } = await teamWithAdminAndMember()

    const client = await signIn(member)
    const response = await client.get(`/api/v1/teams/${team.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, team.id)
    assert.equal(response.body.name, team.name)
    assert.equal(response.body.role, 'member')
    assert.notProperty(response.body, 'inviteCode')
  })

  test('a team admin sees the invite code', async ({ assert }) => {
    const { team, admin } = await teamWithAdminAndMember()

    const client = await signIn(admin)
    const response = await client.get(`/api/v1/teams/${team.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.role, 'admin')
    assert.equal(response.body.inviteCode, team.inviteCode)
  })

  test('an outsider gets the same 404 for an existing team, an unknown id and a malformed one', async ({
    assert,
  }) => {
    const { team } = await teamWithAdminAndMember()
    const client = await signIn(await UserFactory.create())

    const responses = await Promise.all(
      [team.id, newId(), 'not-a-team-id'].map((id) => client.get(`/api/v1/teams/${id}`))
    )

    for (const response of responses) assertError(assert, response, 404, TEAM_NOT_FOUND)
    assert.deepEqual(responses[0].body, responses[1].body)
    assert.deepEqual(responses[0].body, responses[2].body)
  })

  test('a system admin sees any team with its invite code, without being a member', async ({
    assert,
  }) => {
    const { team } = await teamWithAdminAndMember()
    const root = await UserFactory.apply('admin').create()

    const client = await signIn(root)
    const response = await client.get(`/api/v1/teams/${team.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, team.id)
    assert.isNull(response.body.role)
    assert.equal(response.body.inviteCode, team.inviteCode)
    assert.isNull(await membership(team, root))
  })

  test('a team admin renames the team', async ({ assert }) => {
    const { team, admin } = await teamWithAdminAndMember()

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/teams/${team.id}`, {
      name: 'Renamed',
    })

    assert.equal(response.status, 200)
    assert.equal(response.body.name, 'Renamed')
    const stored = await Team.findOrFail(team.id)
    assert.equal(stored.name, 'Renamed')
  })

  test('a plain member cannot rename the team', async ({ assert }) => {
    const { team, member } = await teamWithAdminAndMember()

    const client = await signIn(member)
    const response = await client.patch(`/api/v1/teams/${team.id}`, {
      name: 'Hijacked',
    })

    assertError(assert, response, 403, FORBIDDEN)
    const stored = await Team.findOrFail(team.id)
    assert.equal(stored.name, team.name)
  })

  test('renaming a team to an empty name is refused', async ({ assert }) => {
    const { team, admin } = await teamWithAdminAndMember()

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/teams/${team.id}`, { name: ' ' })

    assertError(assert, response, 422, { code: 'minLength', field: 'name' })
    const stored = await Team.findOrFail(team.id)
    assert.equal(stored.name, team.name)
  })

  test('a regenerated invite code replaces the old one, which no longer joins', async ({
    assert,
  }) => {
    const { team, admin } = await teamWithAdminAndMember()
    const oldCode = team.inviteCode

    const admins = await signIn(admin)
    const response = await admins.post(`/api/v1/teams/${team.id}/invite`)

    assert.equal(response.status, 200)
    const newCode = response.body.inviteCode
    assert.isString(newCode)
    assert.notEqual(newCode, oldCode)
    const stored = await Team.findOrFail(team.id)
    assert.equal(stored.inviteCode, newCode)

    const joiner = await UserFactory.create()
    const joiners = await signIn(joiner)
    const withOld = await joiners.post('/api/v1/teams/join', { invite: oldCode })
    assertError(assert, withOld, 422, INVALID_INVITE)
    assert.isNull(await membership(team, joiner))

    const withNew = await joiners.post('/api/v1/teams/join', { invite: newCode })
    assert.equal(withNew.status, 200)
    assert.equal(withNew.body.id, team.id)
    assert.equal(await roleOf(team, joiner), 'member')
  })

  test('a plain member cannot regenerate the invite code', async ({ assert }) => {
    const { team, member } = await teamWithAdminAndMember()

    const client = await signIn(member)
    const response = await client.post(`/api/v1/teams/${team.id}/invite`)

    assertError(assert, response, 403, FORBIDDEN)
    const stored = await Team.findOrFail(team.id)
    assert.equal(stored.inviteCode, team.inviteCode)
  })
})

test.group('Teams: joining by invite', (group) => {
  isolate(group)

  test('an invite code joins its team as a member', async ({ assert }) => {
    const { team } = await teamWithAdminAndMember()
    const joiner = await UserFactory.create()

    const client = await signIn(joiner)
    const response = await client.post('/api/v1/teams/join', {
      invite: team.inviteCode,
    })

    assert.equal(response.status, 200)
    assert.equal(response.body.id, team.id)
    assert.equal(response.body.role, 'member')
    assert.notProperty(response.body, 'inviteCode')
    assert.equal(await roleOf(team, joiner), 'member')
    assert.equal(await membershipCount(team), 3)
  })

  test('joining a team one already belongs to changes nothing', async ({ assert }) => {
    const { team } = await teamWithAdminAndMember()
    const guest = await UserFactory.create()
    await addMember(team, guest, 'guest')
    const client = await signIn(guest)

    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await client.post('/api/v1/teams/join', { invite: team.inviteCode })
      assert.equal(response.status, 200)
      assert.equal(response.body.role, 'guest')
    }

    assert.equal(await roleOf(team, guest), 'guest')
    assert.equal(await membershipCount(team), 3)
  })

  test('an unknown or empty invite code is refused', async ({ assert }) => {
    const { team } = await teamWithAdminAndMember()
    const joiner = await UserFactory.create()
    const client = await signIn(joiner)

    const unknown = await client.post('/api/v1/teams/join', { invite: 'no-such-invite' })
    assertError(assert, unknown, 422, INVALID_INVITE)
    const empty = await client.post('/api/v1/teams/join', { invite: '' })
    assertError(assert, empty, 422, { code: 'minLength', field: 'invite' })

    assert.isNull(await membership(team, joiner))
    assert.lengthOf(await TeamMember.query().where('user_id', joiner.id), 0)
  })
})

test.group('Team members: listing', (group) => {
  isolate(group)

  async function teamOf(usernames: string[]) {
    const team = await TeamFactory.create()
    const users = await usersNamed(usernames)
    for (const user of users) await addMember(team, user, 'member')
    return { team, users }
  }

  const usernamesOf = (response: WebResponse) =>
    response.body.data.map((member: any) => member.user.username)

  test('members come ordered by username, with their role and without emails', async ({
    assert,
  }) => {
    const { team, users } = await teamOf(['dora', 'alba', 'cleo', 'bert'])
    await TeamMember.query().where({ team_id: team.id, user_id: users[0].id }).update({
      role: 'admin',
    })

    const client = await signIn(users[1])
    const response = await client.get(`/api/v1/teams/${team.id}/members`)

    assert.equal(response.status, 200)
    assert.deepEqual(usernamesOf(response), ['alba', 'bert', 'cleo', 'dora'])
    assert.isNull(response.body.next)
    const dora = response.body.data[3]
    assert.equal(dora.user.id, users[0].id)
    assert.equal(dora.role, 'admin')
    assert.notProperty(dora.user, 'email')
    assert.notProperty(dora.user, 'password')
    assert.isString(dora.joinedAt)
  })

  test('pages of two walk every member exactly once, forward and back', async ({ assert }) => {
    const { team, users } = await teamOf(['edda', 'alba', 'dora', 'bert', 'cleo'])
    const client = await signIn(users[0])
    const path = `/api/v1/teams/${team.id}/members?limit=2`

    const pages: string[][] = []
    const cursors: string[] = []
    let response = await client.get(path)
    while (true) {
      assert.equal(response.status, 200)
      assert.isAtMost(response.body.data.length, 2)
      pages.push(usernamesOf(response))
      if (response.body.next === null) break
      cursors.push(response.body.next)
      assert.isBelow(pages.length, 5, 'pagination never ends')
      response = await client.get(`${path}&after=${response.body.next}`)
    }
    assert.deepEqual(pages, [['alba', 'bert'], ['cleo', 'dora'], ['edda']])

    // The second page's cursor points at dora: walking back from it visits everyone before her.
    const backPages: string[][] = []
    response = await client.get(`${path}&before=${cursors[1]}`)
    while (true) {
      assert.equal(response.status, 200)
      backPages.push(usernamesOf(response))
      if (response.body.next === null) break
      assert.isBelow(backPages.length, 5, 'pagination never ends')
      response = await client.get(`${path}&before=${response.body.next}`)
    }
    assert.deepEqual(backPages, [['bert', 'cleo'], ['alba']])
  })

  test('a cursor the server never issued is refused', async ({ assert }) => {
    const { team, users } = await teamOf(['alba', 'bert'])
    const client = await signIn(users[0])
    const members = `/api/v1/teams/${team.id}/members`
    const notAKey = Buffer.from(JSON.stringify({ username: 'alba' })).toString('base64url')

    const garbage = await client.get(`${members}?after=not-a-cursor`)
    assertError(assert, garbage, 422, { code: 'invalid_cursor', field: 'after' })
    const object = await client.get(`${members}?before=${notAKey}`)
    assertError(assert, object, 422, { code: 'invalid_cursor', field: 'before' })
    const both = await client.get(`${members}?before=${notAKey}&after=${notAKey}`)
    assertError(assert, both, 422, { code: 'conflicting_cursors', field: 'before' })
  })

  test('a page size outside 1 to 200 is refused', async ({ assert }) => {
    const { team, users } = await teamOf(['alba', 'bert'])
    const client = await signIn(users[0])

    const refusals = { '0': 'range', '500': 'range', '1.5': 'withoutDecimals', 'ten': 'number' }
    for (const [limit, code] of Object.entries(refusals)) {
      const response = await client.get(`/api/v1/teams/${team.id}/members?limit=${limit}`)
      assertError(assert, response, 422, { code, field: 'limit' })
    }
    const inRange = await client.get(`/api/v1/teams/${team.id}/members?limit=200`)
    assert.equal(inRange.status, 200)
  })

  test('an outsider cannot list the members of a team', async ({ assert }) => {
    const { team } = await teamOf(['alba', 'bert'])

    const client = await signIn(await UserFactory.create())
    const response = await client.get(`/api/v1/teams/${team.id}/members`)

    assertError(assert, response, 404, TEAM_NOT_FOUND)
  })
})

test.group('Team members: roles', (group) => {
  isolate(group)

  test('a team admin makes a member a guest', async ({ assert }) => {
    const { team, admin, member } = await teamWithAdminAndMember()

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/teams/${team.id}/members/${member.id}`, {
      role: 'guest',
    })

    assert.equal(response.status, 200)
    assert.equal(response.body.user.id, member.id)
    assert.equal(response.body.role, 'guest')
    assert.equal(await roleOf(team, member), 'guest')
  })

  test('a role outside admin, member and guest is refused', async ({ assert }) => {
    const { team, admin, member } = await teamWithAdminAndMember()

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/teams/${team.id}/members/${member.id}`, {
      role: 'owner',
    })

    assertError(assert, response, 422, { code: 'enum', field: 'role' })
    assert.equal(await roleOf(team, member), 'member')
  })

  test('the last team admin cannot be demoted', async ({ assert }) => {
    const { team, admin } = await teamWithAdminAndMember()

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/teams/${team.id}/members/${admin.id}`, {
      role: 'member',
    })

    assertError(assert, response, 409, LAST_TEAM_ADMIN)
    assert.equal(await roleOf(team, admin), 'admin')
  })

  test('an admin may step down while another admin remains', async ({ assert }) => {
    const { team, admin, member } = await teamWithAdminAndMember()
    await TeamMember.query().where({ team_id: team.id, user_id: member.id }).update({
      role: 'admin',
    })

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/teams/${team.id}/members/${admin.id}`, {
      role: 'member',
    })

    assert.equal(response.status, 200)
    assert.equal(await roleOf(team, admin), 'member')
    assert.equal(await roleOf(team, member), 'admin')
  })

  test('changing the role of someone outside the team answers 404', async ({ assert }) => {
    const { team, admin } = await teamWithAdminAndMember()
    const outsider = await UserFactory.create()
    const client = await signIn(admin)

    for (const id of [outsider.id, newId(), 'not-a-user-id']) {
      const response = await client.patch(`/api/v1/teams/${team.id}/members/${id}`, {
        role: 'member',
      })
      assertError(assert, response, 404, MEMBER_NOT_FOUND)
    }
    assert.isNull(await membership(team, outsider))
    assert.equal(await membershipCount(team), 2)
  })

  test('a plain member cannot change roles', async ({ assert }) => {
    const { team, admin, member } = await teamWithAdminAndMember()

    const client = await signIn(member)
    const response = await client.patch(`/api/v1/teams/${team.id}/members/${admin.id}`, {
      role: 'guest',
    })

    assertError(assert, response, 403, FORBIDDEN)
    assert.equal(await roleOf(team, admin), 'admin')
    const promoted = await client.patch(`/api/v1/teams/${team.id}/members/${member.id}`, {
      role: 'admin',
    })
    assertError(assert, promoted, 403, FORBIDDEN)
    assert.equal(await roleOf(team, member), 'member')
  })
})

test.group('Team members: removing and leaving', (group) => {
  isolate(group)

  test('a team admin removes a member', async ({ assert }) => {
    const { team, admin, member } = await teamWithAdminAndMember()

    const client = await signIn(admin)
    const response = await client.delete(`/api/v1/teams/${team.id}/members/${member.id}`)

    assert.equal(response.status, 204)
    assert.equal(response.body, '')
    assert.isNull(await membership(team, member))
    assert.isNotNull(await membership(team, admin))
  })

  test('a member leaves the team through `me` and no longer sees it', async ({ assert }) => {
    const { team, member } = await teamWithAdminAndMember()
    const client = await signIn(member)

    const response = await client.delete(`/api/v1/teams/${team.id}/members/me`)

    assert.equal(response.status, 204)
    assert.isNull(await membership(team, member))
    assert.equal(await membershipCount(team), 1)
    assertError(assert, await client.get(`/api/v1/teams/${team.id}`), 404, TEAM_NOT_FOUND)
  })

  test('the last team admin cannot leave, by `me` or by their own id', async ({ assert }) => {
    const { team, admin } = await teamWithAdminAndMember()
    const client = await signIn(admin)

    for (const id of ['me', admin.id]) {
      const response = await client.delete(`/api/v1/teams/${team.id}/members/${id}`)
      assertError(assert, response, 409, LAST_TEAM_ADMIN)
    }
    assert.equal(await roleOf(team, admin), 'admin')
    assert.equal(await membershipCount(team), 2)
  })

  test('a plain member cannot remove someone else', async ({ assert }) => {
    const { team, admin, member } = await teamWithAdminAndMember()
    const other = await UserFactory.create()
    await addMember(team, other, 'member')
    const client = await signIn(member)

    for (const target of [admin, other]) {
      const response = await client.delete(`/api/v1/teams/${team.id}/members/${target.id}`)
      assertError(assert, response, 403, FORBIDDEN)
      assert.isNotNull(await membership(team, target))
    }
    assert.equal(await membershipCount(team), 3)
  })
})

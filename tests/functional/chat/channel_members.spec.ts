import { test } from '@japa/runner'
import type Team from '#app/models/team'
import type User from '#app/models/user'
import TeamMember from '#app/models/team_member'
import TeamService from '#app/services/team_service'
import { newId } from '#app/helpers/ids'
import type Channel from '#chat/models/channel'
import ChannelMember from '#chat/models/channel_member'
import ChannelService from '#chat/services/channel_service'
import { UserFactory } from '#database/factories/user_factory'
import {
  CHANNEL_NOT_FOUND,
  FORBIDDEN,
  MEMBER_NOT_FOUND,
  assertError,
} from '#tests/helpers/assertions'
import { isolate, signIn } from '#tests/helpers/auth'
import { channelOf, teamWithCast, townSquareOf } from '#tests/helpers/chat'
import { join, membersOf, membership } from '#tests/helpers/memberships'
import { usersNamed } from '#tests/helpers/data'
import type { WebResponse } from '#tests/helpers/web_client'

const NOT_TEAM_MEMBER = {
  code: 'not_team_member',
  message: 'This person is not in the team',
  field: 'userId',
}
const DEFAULT_CHANNEL = {
  code: 'default_channel',
  message: 'Everyone in the team stays in the default channel',
}

/** Another member of the team, in town-square like any new member. */
async function teammate(team: Team) {
  const user = await UserFactory.create()
  await new TeamService().addMember(team, user, 'member')
  return user
}

async function roleIn(channel: Channel, user: User) {
  const row = await membership(channel, user)
  return row?.role ?? null
}

/** The channels of a team a user is in, by name (direct messages have none). */
async function channelsOf(team: Team, user: User) {
  const rows = await ChannelMember.query()
    .join('channels', 'channels.id', 'channel_members.channel_id')
    .where('channels.team_id', team.id)
    .where('channel_members.user_id', user.id)
    .select('channels.name', 'channels.type')
  return rows.map((row) => row.$extras.name ?? row.$extras.type)
}

test.group('Channel members: listing', (group) => {
  isolate(group)

  const usernamesOf = (response: WebResponse) =>
    response.body.data.map((member: any) => member.username)

  test('members come a page at a time, ordered by username, with their role', async ({
    assert,
  }) => {
    const [dora, alba, cleo, bert, edda] = await usersNamed([
      'dora',
      'alba',
      'cleo',
      'bert',
      'edda',
    ])
    const teams = new TeamService()
    const team = await teams.create(dora, 'Ops')
    for (const user of [alba, cleo, bert, edda]) await teams.addMember(team, user, 'member')
    const dev = await channelOf(dora, team, 'dev')
    for (const user of [alba, cleo, bert]) await join(dev, user)

    const client = await signIn(edda)
    const path = `/api/v1/channels/${dev.id}/members?limit=2`
    const pages: string[][] = []
    let response = await client.get(path)
    while (true) {
      assert.equal(response.status, 200)
      pages.push(usernamesOf(response))
      if (response.body.next === null) break
      assert.isBelow(pages.length, 5, 'pagination never ends')
      response = await client.get(`${path}&after=${response.body.next}`)
    }

    assert.deepEqual(pages, [
      ['alba', 'bert'],
      ['cleo', 'dora'],
    ])
    const all = await client.get(`/api/v1/channels/${dev.id}/members`)
    assert.isNull(all.body.next)
    const listed = all.body.data[3]
    assert.sameMembers(Object.keys(listed), [
      'userId',
      'username',
      'displayName',
      'role',
      'joinedAt',
      'status',
    ])
    assert.equal(listed.status, 'offline')
    assert.equal(listed.userId, dora.id)
    assert.equal(listed.displayName, dora.displayName)
    assert.equal(listed.role, 'admin')
    assert.isString(listed.joinedAt)
    assert.deepEqual(
      all.body.data.map((member: any) => member.role),
      ['member', 'member', 'member', 'admin']
    )
  })

  test('the members of a channel one cannot see are a 404', async ({ assert }) => {
    const { team, admin, member, guest } = await teamWithCast()
    const plans = await channelOf(admin, team, 'plans', 'private')
    const dev = await channelOf(admin, team, 'dev')
    const { channel: direct } = await new ChannelService().create(admin, team, {
      type: 'direct',
      userIds: [guest.id],
    })

    const members = await signIn(member)
    for (const channel of [plans, direct]) {
      const response = await members.get(`/api/v1/channels/${channel.id}/members`)
      assertError(assert, response, 404, CHANNEL_NOT_FOUND)
    }
    const unknown = await members.get(`/api/v1/channels/${newId()}/members`)
    assertError(assert, unknown, 404, CHANNEL_NOT_FOUND)
    const guests = await signIn(guest)
    const unseen = await guests.get(`/api/v1/channels/${dev.id}/members`)
    assertError(assert, unseen, 404, CHANNEL_NOT_FOUND)
  })
})

test.group('Channel members: adding', (group) => {
  isolate(group)

  test('a member of a public channel adds a teammate, who joins as a member', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)
    const newcomer = await teammate(team)

    const client = await signIn(member)
    const response = await client.post(`/api/v1/channels/${dev.id}/members`, {
      userId: newcomer.id,
    })

    assert.equal(response.status, 201)
    assert.deepEqual(response.body, {
      userId: newcomer.id,
      role: 'member',
      notify: 'default',
      muted: false,
      lastReadSeq: 0,
    })
    assert.equal(await roleIn(dev, newcomer), 'member')
    assert.lengthOf(await membersOf(dev), 3)
  })

  test('a guest can be added to a public channel explicitly, and then sees it', async ({
    assert,
  }) => {
    const { team, admin, guest } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')

    const admins = await signIn(admin)
    const response = await admins.post(`/api/v1/channels/${dev.id}/members`, { userId: guest.id })

    assert.equal(response.status, 201)
    assert.equal(await roleIn(dev, guest), 'member')
    const guests = await signIn(guest)
    const shown = await guests.get(`/api/v1/channels/${dev.id}`)
    assert.equal(shown.status, 200)
    assert.equal(shown.body.membership.role, 'member')
  })

  test('adding to a private channel takes a channel or team admin', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const owner = await teammate(team)
    const plans = await channelOf(owner, team, 'plans', 'private')
    await join(plans, member)
    await join(plans, admin)
    const [first, second, third] = [
      await teammate(team),
      await teammate(team),
      await teammate(team),
    ]

    const members = await signIn(member)
    const refused = await members.post(`/api/v1/channels/${plans.id}/members`, {
      userId: first.id,
    })
    assertError(assert, refused, 403, FORBIDDEN)
    assert.isNull(await membership(plans, first))

    const owners = await signIn(owner)
    const byChannelAdmin = await owners.post(`/api/v1/channels/${plans.id}/members`, {
      userId: second.id,
    })
    assert.equal(byChannelAdmin.status, 201)
    const admins = await signIn(admin)
    const byTeamAdmin = await admins.post(`/api/v1/channels/${plans.id}/members`, {
      userId: third.id,
    })
    assert.equal(byTeamAdmin.status, 201)

    assert.deepEqual(await membersOf(plans), [
      [owner.id, 'admin'],
      [member.id, 'member'],
      [admin.id, 'member'],
      [second.id, 'member'],
      [third.id, 'member'],
    ])
  })

  test('someone outside the team cannot be added', async ({ assert }) => {
    const { team, admin } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    const outsider = await UserFactory.create()
    const client = await signIn(admin)

    for (const userId of [outsider.id, newId()]) {
      const response = await client.post(`/api/v1/channels/${dev.id}/members`, { userId })
      assertError(assert, response, 422, NOT_TEAM_MEMBER)
    }
    const malformed = await client.post(`/api/v1/channels/${dev.id}/members`, {
      userId: 'not-an-id',
    })
    assertError(assert, malformed, 422, { code: 'uuid', field: 'userId' })

    assert.isNull(await membership(dev, outsider))
    assert.deepEqual(await membersOf(dev), [[admin.id, 'admin']])
  })

  test('only a manager adds someone as channel admin', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)
    const [first, second] = [await teammate(team), await teammate(team)]

    const members = await signIn(member)
    const refused = await members.post(`/api/v1/channels/${dev.id}/members`, {
      userId: first.id,
      role: 'admin',
    })
    assertError(assert, refused, 403, FORBIDDEN)
    assert.isNull(await membership(dev, first))

    const admins = await signIn(admin)
    const granted = await admins.post(`/api/v1/channels/${dev.id}/members`, {
      userId: second.id,
      role: 'admin',
    })
    assert.equal(granted.status, 201)
    assert.equal(granted.body.role, 'admin')
    assert.equal(await roleIn(dev, second), 'admin')

    const invalid = await admins.post(`/api/v1/channels/${dev.id}/members`, {
      userId: first.id,
      role: 'owner',
    })
    assertError(assert, invalid, 422, { code: 'enum', field: 'role' })
    assert.isNull(await membership(dev, first))
  })

  test('nobody is added to an archived channel', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    const admins = await signIn(admin)
    const archived = await admins.post(`/api/v1/channels/${dev.id}/archive`)
    assert.equal(archived.status, 200)

    const response = await admins.post(`/api/v1/channels/${dev.id}/members`, {
      userId: member.id,
    })

    assertError(assert, response, 403, {
      code: 'channel_archived',
      message: 'This channel is archived and read-only',
    })
    assert.isNull(await membership(dev, member))
  })

  test('a direct message keeps the two people it was made for', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const third = await teammate(team)
    const { channel } = await new ChannelService().create(member, team, {
      type: 'direct',
      userIds: [admin.id],
    })

    const client = await signIn(member)
    const response = await client.post(`/api/v1/channels/${channel.id}/members`, {
      userId: third.id,
    })

    assertError(assert, response, 403, FORBIDDEN)
    assert.isNull(await membership(channel, third))
    assert.lengthOf(await membersOf(channel), 2)
  })
})

test.group('Channel members: roles and notifications', (group) => {
  isolate(group)

  test('a channel admin makes a member a channel admin and back', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)
    const client = await signIn(admin)

    const promoted = await client.patch(`/api/v1/channels/${dev.id}/members/${member.id}`, {
      role: 'admin',
    })

    assert.equal(promoted.status, 200)
    assert.deepEqual(promoted.body, {
      userId: member.id,
      role: 'admin',
      notify: 'default',
      muted: false,
      lastReadSeq: 0,
    })
    assert.equal(await roleIn(dev, member), 'admin')

    const demoted = await client.patch(`/api/v1/channels/${dev.id}/members/${member.id}`, {
      role: 'member',
    })
    assert.equal(demoted.status, 200)
    assert.equal(await roleIn(dev, member), 'member')
  })

  test('a plain member cannot change roles, not even their own', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)
    const client = await signIn(member)

    const demote = await client.patch(`/api/v1/channels/${dev.id}/members/${admin.id}`, {
      role: 'member',
    })
    assertError(assert, demote, 403, FORBIDDEN)
    const promote = await client.patch(`/api/v1/channels/${dev.id}/members/me`, { role: 'admin' })
    assertError(assert, promote, 403, FORBIDDEN)

    assert.equal(await roleIn(dev, admin), 'admin')
    assert.equal(await roleIn(dev, member), 'member')
  })

  test('a member sets their own notification level through `me`', async ({ assert }) => {
    const { team, member } = await teamWithCast()
    const square = await townSquareOf(team)

    const client = await signIn(member)
    const response = await client.patch(`/api/v1/channels/${square.id}/members/me`, {
      notify: 'mention',
    })

    assert.equal(response.status, 200)
    assert.deepEqual(response.body, {
      userId: member.id,
      role: 'member',
      notify: 'mention',
      muted: false,
      lastReadSeq: 0,
    })
    const stored = await membership(square, member)
    assert.equal(stored!.notify, 'mention')
  })

  test("nobody sets someone else's notification level, not even a channel admin", async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/channels/${dev.id}/members/${member.id}`, {
      notify: 'none',
    })

    assertError(assert, response, 403, {
      code: 'not_self',
      message: 'People choose their own notifications',
    })
    const stored = await membership(dev, member)
    assert.equal(stored!.notify, 'default')
  })

  test('a role or notification level outside the known ones is refused', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)
    const client = await signIn(admin)

    const role = await client.patch(`/api/v1/channels/${dev.id}/members/${member.id}`, {
      role: 'owner',
    })
    assertError(assert, role, 422, { code: 'enum', field: 'role' })
    const notify = await client.patch(`/api/v1/channels/${dev.id}/members/me`, {
      notify: 'loud',
    })
    assertError(assert, notify, 422, { code: 'enum', field: 'notify' })

    const [admins, members] = [await membership(dev, admin), await membership(dev, member)]
    assert.equal(members!.role, 'member')
    assert.equal(admins!.notify, 'default')
  })

  test('changing the role of someone not in the channel answers 404', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    const client = await signIn(admin)

    for (const userId of [member.id, newId(), 'not-a-user-id']) {
      const response = await client.patch(`/api/v1/channels/${dev.id}/members/${userId}`, {
        role: 'admin',
      })
      assertError(assert, response, 404, MEMBER_NOT_FOUND)
    }
    assert.isNull(await membership(dev, member))
  })
})

test.group('Channel members: removing and leaving', (group) => {
  isolate(group)

  test('a channel admin removes a member', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)

    const client = await signIn(admin)
    const response = await client.delete(`/api/v1/channels/${dev.id}/members/${member.id}`)

    assert.equal(response.status, 204)
    assert.equal(response.body, '')
    assert.isNull(await membership(dev, member))
    assert.deepEqual(await membersOf(dev), [[admin.id, 'admin']])
  })

  test('a member leaves a private channel through `me` and no longer sees it', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const plans = await channelOf(admin, team, 'plans', 'private')
    await join(plans, member)
    const client = await signIn(member)

    const response = await client.delete(`/api/v1/channels/${plans.id}/members/me`)

    assert.equal(response.status, 204)
    assert.isNull(await membership(plans, member))
    assert.isNotNull(await membership(plans, admin))
    const shown = await client.get(`/api/v1/channels/${plans.id}`)
    assertError(assert, shown, 404, CHANNEL_NOT_FOUND)
  })

  test('nobody leaves town-square or is removed from it', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const square = await townSquareOf(team)

    const members = await signIn(member)
    const leave = await members.delete(`/api/v1/channels/${square.id}/members/me`)
    assertError(assert, leave, 409, DEFAULT_CHANNEL)
    const admins = await signIn(admin)
    const remove = await admins.delete(`/api/v1/channels/${square.id}/members/${member.id}`)
    assertError(assert, remove, 409, DEFAULT_CHANNEL)

    assert.sameDeepMembers(await membersOf(square), [
      [admin.id, 'member'],
      [member.id, 'member'],
    ])
  })

  test('a plain member cannot remove someone else', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)
    const other = await teammate(team)
    await join(dev, other)

    const client = await signIn(member)
    for (const target of [admin, other]) {
      const response = await client.delete(`/api/v1/channels/${dev.id}/members/${target.id}`)
      assertError(assert, response, 403, FORBIDDEN)
    }

    assert.lengthOf(await membersOf(dev), 3)
  })

  test('removing someone who is not in the channel answers 404', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    const client = await signIn(admin)

    for (const userId of [member.id, newId(), 'not-a-user-id']) {
      const response = await client.delete(`/api/v1/channels/${dev.id}/members/${userId}`)
      assertError(assert, response, 404, MEMBER_NOT_FOUND)
    }
    assert.deepEqual(await membersOf(dev), [[admin.id, 'admin']])
  })

  test('nobody leaves a direct message', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const { channel } = await new ChannelService().create(member, team, {
      type: 'direct',
      userIds: [admin.id],
    })

    const client = await signIn(member)
    const response = await client.delete(`/api/v1/channels/${channel.id}/members/me`)

    assertError(assert, response, 403, FORBIDDEN)
    assert.lengthOf(await membersOf(channel), 2)
  })
})

test.group('Channel members: following the team', (group) => {
  isolate(group)

  test("someone removed from a team leaves all of that team's channels and no other", async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)
    await channelOf(member, team, 'plans', 'private')
    await new ChannelService().create(member, team, { type: 'direct', userIds: [admin.id] })
    const other = await new TeamService().create(admin, 'Other')
    await new TeamService().addMember(other, member, 'member')
    await channelOf(member, other, 'elsewhere')
    assert.sameMembers(await channelsOf(team, member), ['town-square', 'dev', 'plans', 'direct'])

    const client = await signIn(admin)
    const response = await client.delete(`/api/v1/teams/${team.id}/members/${member.id}`)

    assert.equal(response.status, 204)
    assert.deepEqual(await channelsOf(team, member), [])
    assert.sameMembers(await channelsOf(other, member), ['town-square', 'elsewhere'])
    assert.sameMembers(await channelsOf(team, admin), ['town-square', 'dev', 'direct'])
    assert.isNull(await TeamMember.query().where({ team_id: team.id, user_id: member.id }).first())
  })

  test('a member who leaves a team on their own leaves its channels too', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await channelOf(admin, team, 'dev')
    await join(dev, member)

    const client = await signIn(member)
    const response = await client.delete(`/api/v1/teams/${team.id}/members/me`)

    assert.equal(response.status, 204)
    assert.deepEqual(await channelsOf(team, member), [])
    assert.sameMembers(await channelsOf(team, admin), ['town-square', 'dev'])
  })

  test('a new team member joins town-square on their own, a guest does not', async ({ assert }) => {
    const { team, admin } = await teamWithCast()
    await channelOf(admin, team, 'dev')
    const square = await townSquareOf(team)
    const [joiner, added, guest] = await UserFactory.createMany(3)

    const client = await signIn(joiner)
    const joined = await client.post('/api/v1/teams/join', { invite: team.inviteCode })
    assert.equal(joined.status, 200)
    await new TeamService().addMember(team, added, 'member')
    await new TeamService().addMember(team, guest, 'guest')

    assert.equal(await roleIn(square, joiner), 'member')
    assert.equal(await roleIn(square, added), 'member')
    assert.isNull(await membership(square, guest))
    assert.deepEqual(await channelsOf(team, joiner), ['town-square'])
    assert.deepEqual(await channelsOf(team, guest), [])
  })
})

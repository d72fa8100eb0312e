import { test } from '@japa/runner'
import type Team from '#app/models/team'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import { newId } from '#app/helpers/ids'
import Channel from '#chat/models/channel'
import ChannelService from '#chat/services/channel_service'
import { UserFactory } from '#database/factories/user_factory'
import { TeamFactory, addMember } from '#database/factories/team_factory'
import { WebClient } from '#tests/helpers/web_client'
import {
  ARCHIVED,
  CHANNEL_NOT_FOUND,
  FORBIDDEN,
  TEAM_NOT_FOUND,
  assertError,
} from '#tests/helpers/assertions'
import { isolate, signIn } from '#tests/helpers/auth'
import { channelOf, teamWithCast, townSquareOf } from '#tests/helpers/chat'
import { join, membersOf, membership } from '#tests/helpers/memberships'
import { count } from '#tests/helpers/data'

const NAME_TAKEN = {
  code: 'name_taken',
  message: 'A channel of this team already has this name',
  field: 'name',
}
const GUEST = { code: 'guest', message: 'Guests can only start direct messages' }
/** Every field of a channel in the API (docs/api.md), whichever route answers. */
const CHANNEL_FIELDS = [
  'id',
  'teamId',
  'type',
  'name',
  'displayName',
  'purpose',
  'header',
  'isDefault',
  'archived',
  'archivedAt',
  'creatorId',
  'createdAt',
  'updatedAt',
  'membership',
]
const NEW_MEMBERSHIP = { role: 'member', notify: 'default', muted: false, lastReadSeq: 0 }

/**
 * Use here for a channel made by `channelOf` whose display name is its name capitalized (`dev`
 * shows `Dev`), as these tests expect.
 */
function titledChannel(owner: User, team: Team, name: string, type?: 'public' | 'private') {
  return channelOf(owner, team, name, type, name.charAt(0).toUpperCase() + name.slice(1))
}

/** A channel as the API answers it, without the timestamps databases round differently. */
function withoutTimestamps(channel: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(channel).filter(([key]) => key !== 'createdAt' && key !== 'updatedAt')
  )
}

test.group('Channels: the sidebar list', (group) => {
  isolate(group)

  test("a member lists only their own channels, with their membership and what they haven't read", async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const square = await townSquareOf(team)
    const dev = await titledChannel(admin, team, 'dev')
    await join(dev, member)
    await titledChannel(admin, team, 'secret', 'private')
    const other = await TeamFactory.create()
    await addMember(other, member, 'member')
    await titledChannel(member, other, 'elsewhere')

    const admins = await signIn(admin)
    const members = await signIn(member)
    for (const message of ['good morning', `hello @${member.username}`, '@all standup']) {
      const sent = await admins.post(`/api/v1/channels/${square.id}/posts`, { message })
      assert.equal(sent.status, 201)
    }
    const devPost = await admins.post(`/api/v1/channels/${dev.id}/posts`, { message: 'build' })
    assert.equal(devPost.status, 201)
    const own = await members.post(`/api/v1/channels/${dev.id}/posts`, { message: 'mine' })
    assert.equal(own.status, 201)

    const response = await members.get(`/api/v1/teams/${team.id}/channels`)

    assert.equal(response.status, 200)
    assert.isNull(response.body.next)
    assert.deepEqual(
      response.body.data.map((channel: any) => [
        channel.id,
        channel.name,
        channel.membership.role,
        channel.membership.notify,
        channel.membership.lastReadSeq,
        channel.unreadCount,
        channel.mentionCount,
      ]),
      [
        [dev.id, 'dev', 'member', 'default', 0, 1, 0],
        [square.id, 'town-square', 'member', 'default', 0, 3, 2],
      ]
    )
    const listed = response.body.data[1]
    assert.equal(listed.teamId, team.id)
    assert.equal(listed.type, 'public')
    assert.isTrue(listed.isDefault)
    assert.isFalse(listed.archived)

    const adminView = await admins.get(`/api/v1/teams/${team.id}/channels`)
    assert.deepEqual(
      adminView.body.data.map((channel: any) => [channel.name, channel.membership.role]),
      [
        ['dev', 'admin'],
        ['secret', 'admin'],
        ['town-square', 'member'],
      ]
    )
  })

  test('the sidebar names who is in direct and group messages, and nobody for channels', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const third = await UserFactory.create()
    await addMember(team, third, 'member')
    const members = await signIn(member)
    const path = `/api/v1/teams/${team.id}/channels`
    const direct = await members.post(path, { type: 'direct', userIds: [admin.id] })
    const groupDm = await members.post(path, { type: 'group', userIds: [admin.id, third.id] })
    assert.equal(direct.status, 201)
    assert.equal(groupDm.status, 201)

    const response = await members.get(path)

    assert.equal(response.status, 200)
    const byId = new Map(response.body.data.map((channel: any) => [channel.id, channel]))
    assert.sameMembers((byId.get(direct.body.id) as any).memberIds, [member.id, admin.id])
    assert.sameMembers((byId.get(groupDm.body.id) as any).memberIds, [
      member.id,
      admin.id,
      third.id,
    ])
    const square = await townSquareOf(team)
    assert.isNull((byId.get(square.id) as any).memberIds)
  })

  test('someone outside the team cannot list its channels', async ({ assert }) => {
    const { team } = await teamWithCast()
    const outsider = await UserFactory.create()

    const client = await signIn(outsider)
    const response = await client.get(`/api/v1/teams/${team.id}/channels`)

    assertError(assert, response, 404, TEAM_NOT_FOUND)
  })

  test('channel routes need a signed-in user', async ({ assert }) => {
    const { team } = await teamWithCast()
    const square = await townSquareOf(team)
    const client = new WebClient()
    const unauthenticated = { code: 'unauthenticated', message: 'Authentication required' }

    const list = await client.get(`/api/v1/teams/${team.id}/channels`)
    assertError(assert, list, 401, unauthenticated)
    const show = await client.get(`/api/v1/channels/${square.id}`)
    assertError(assert, show, 401, unauthenticated)
    const create = await client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: 'dev',
      displayName: 'Dev',
    })
    assertError(assert, create, 401, unauthenticated)

    assert.equal(await count('channels', { team_id: team.id }), 1)
  })
})

test.group('Channels: creating public and private channels', (group) => {
  isolate(group)

  test('a member creates a public channel and is its channel admin', async ({ assert }) => {
    const { team, member } = await teamWithCast()

    const client = await signIn(member)
    const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: '  Dev-Ops_2 ',
      displayName: ' Dev Ops ',
      purpose: 'Shipping',
    })

    assert.equal(response.status, 201)
    assert.containsSubset(response.body, {
      teamId: team.id,
      type: 'public',
      name: 'dev-ops_2',
      displayName: 'Dev Ops',
      purpose: 'Shipping',
      header: '',
      archived: false,
      archivedAt: null,
      creatorId: member.id,
      membership: { role: 'admin', notify: 'default', muted: false, lastReadSeq: 0 },
    })
    assert.sameMembers(Object.keys(response.body), CHANNEL_FIELDS)
    assert.isFalse(response.body.isDefault)
    const shown = await client.get(`/api/v1/channels/${response.body.id}`)
    assert.deepEqual(
      { ...withoutTimestamps(response.body), memberCount: 1 },
      withoutTimestamps(shown.body),
      'the 201 answer reads like the channel itself, which adds its member count'
    )

    const stored = await Channel.findOrFail(response.body.id)
    assert.equal(stored.teamId, team.id)
    assert.equal(stored.name, 'dev-ops_2')
    assert.isFalse(stored.isDefault)
    assert.deepEqual(await membersOf(stored), [[member.id, 'admin']])
  })

  test('a private channel starts with its creator as its only member, an admin', async ({
    assert,
  }) => {
    const { team, member } = await teamWithCast()

    const client = await signIn(member)
    const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'private',
      name: 'plans',
      displayName: 'Plans',
    })

    assert.equal(response.status, 201)
    assert.equal(response.body.type, 'private')
    assert.deepEqual(response.body.membership, {
      role: 'admin',
      notify: 'default',
      muted: false,
      lastReadSeq: 0,
    })
    const stored = await Channel.findOrFail(response.body.id)
    assert.equal(stored.type, 'private')
    assert.deepEqual(await membersOf(stored), [[member.id, 'admin']])
  })

  test('a name already used in the team is refused whatever its case, and nothing is created', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    const before = await count('channel_members')

    const client = await signIn(member)
    for (const [type, name] of [
      ['public', 'dev'],
      ['private', 'DEV'],
      ['public', 'town-square'],
    ]) {
      const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
        type,
        name,
        displayName: 'Another',
      })
      assertError(assert, response, 422, NAME_TAKEN)
    }

    assert.equal(await count('channels', { team_id: team.id }), 2)
    assert.equal(await count('channels', { display_name: 'Another' }), 0)
    assert.equal(await count('channel_members'), before)
    assert.deepEqual(await membersOf(dev), [[admin.id, 'admin']])
  })

  test('the same name is free in another team', async ({ assert }) => {
    const { team, admin } = await teamWithCast()
    await titledChannel(admin, team, 'dev')
    const other = await new TeamService().create(admin, 'Other')

    const client = await signIn(admin)
    const response = await client.post(`/api/v1/teams/${other.id}/channels`, {
      type: 'public',
      name: 'dev',
      displayName: 'Dev',
    })

    assert.equal(response.status, 201)
    assert.equal(response.body.teamId, other.id)
    const named = await Channel.query().where('name', 'dev').orderBy('team_id')
    assert.sameMembers(
      named.map((channel) => channel.teamId),
      [team.id, other.id]
    )
  })

  test('a public or private channel needs a name and a display name', async ({ assert }) => {
    const { team, member } = await teamWithCast()
    const client = await signIn(member)
    const path = `/api/v1/teams/${team.id}/channels`

    const noName = await client.post(path, { type: 'public', displayName: 'Dev' })
    assertError(assert, noName, 422, { code: 'required', field: 'name' })
    const noDisplayName = await client.post(path, { type: 'private', name: 'dev' })
    assertError(assert, noDisplayName, 422, { code: 'required', field: 'displayName' })
    const blankDisplayName = await client.post(path, {
      type: 'public',
      name: 'dev',
      displayName: '   ',
    })
    assertError(assert, blankDisplayName, 422, { code: 'minLength', field: 'displayName' })
    const noType = await client.post(path, { name: 'dev', displayName: 'Dev' })
    assertError(assert, noType, 422, { code: 'required', field: 'type' })
    const badType = await client.post(path, { type: 'secret', name: 'dev', displayName: 'Dev' })
    assertError(assert, badType, 422, { code: 'enum', field: 'type' })

    assert.equal(await count('channels', { team_id: team.id }), 1)
  })

  test('a channel name of other characters, or longer than 64, is refused', async ({ assert }) => {
    const { team, member } = await teamWithCast()
    const client = await signIn(member)

    const refusals: Array<[string, string]> = [
      ['has space', 'regex'],
      ['-dev', 'regex'],
      ['dév', 'regex'],
      ['dev!', 'regex'],
      ['x'.repeat(65), 'maxLength'],
      ['  ', 'minLength'],
    ]
    for (const [name, code] of refusals) {
      const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
        type: 'public',
        name,
        displayName: 'Bad',
      })
      assertError(assert, response, 422, { code, field: 'name' })
    }

    assert.equal(await count('channels', { team_id: team.id }), 1)
    assert.equal(await count('channels', { display_name: 'Bad' }), 0)
  })

  test('a guest cannot create a public or private channel', async ({ assert }) => {
    const { team, guest } = await teamWithCast()

    const client = await signIn(guest)
    for (const type of ['public', 'private']) {
      const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
        type,
        name: 'guests',
        displayName: 'Guests',
      })
      assertError(assert, response, 403, GUEST)
    }

    assert.equal(await count('channels', { team_id: team.id }), 1)
    assert.equal(await count('channel_members', { user_id: guest.id }), 0)
  })

  test('a system admin outside the team sees it but cannot create channels in it', async ({
    assert,
  }) => {
    const { team } = await teamWithCast()
    const root = await UserFactory.apply('admin').create()

    const client = await signIn(root)
    const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: 'root',
      displayName: 'Root',
    })

    assertError(assert, response, 403, {
      code: 'not_team_member',
      message: 'Join the team to create channels',
    })
    assert.equal(await count('channels', { team_id: team.id }), 1)
  })

  test('someone outside the team cannot create a channel in it', async ({ assert }) => {
    const { team } = await teamWithCast()

    const client = await signIn(await UserFactory.create())
    const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: 'intruders',
      displayName: 'Intruders',
    })

    assertError(assert, response, 404, TEAM_NOT_FOUND)
    assert.equal(await count('channels', { team_id: team.id }), 1)
  })
})

test.group('Channels: direct and group messages', (group) => {
  isolate(group)

  test('a direct message is created once: asking again, from either side, returns it', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const members = await signIn(member)
    const path = `/api/v1/teams/${team.id}/channels`

    const first = await members.post(path, { type: 'direct', userIds: [admin.id] })

    assert.equal(first.status, 201)
    assert.sameMembers(Object.keys(first.body), CHANNEL_FIELDS)
    assert.containsSubset(first.body, {
      teamId: team.id,
      type: 'direct',
      name: null,
      displayName: '',
      purpose: '',
      header: '',
      isDefault: false,
      archived: false,
      archivedAt: null,
      creatorId: member.id,
      membership: NEW_MEMBERSHIP,
    })

    const again = await members.post(path, { type: 'direct', userIds: [admin.id] })
    assert.equal(again.status, 200)
    assert.equal(again.body.id, first.body.id)
    const admins = await signIn(admin)
    const reverse = await admins.post(path, { type: 'direct', userIds: [member.id] })
    assert.equal(reverse.status, 200)
    assert.equal(reverse.body.id, first.body.id)
    assert.deepEqual(reverse.body.membership, NEW_MEMBERSHIP)

    assert.equal(await count('channels', { team_id: team.id, type: 'direct' }), 1)
    assert.sameDeepMembers(await membersOf(first.body.id), [
      [member.id, 'member'],
      [admin.id, 'member'],
    ])
  })

  test('a guest may start a direct message with a team member', async ({ assert }) => {
    const { team, guest, member } = await teamWithCast()

    const client = await signIn(guest)
    const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'direct',
      userIds: [member.id],
    })

    assert.equal(response.status, 201)
    assert.sameDeepMembers(await membersOf(response.body.id), [
      [guest.id, 'member'],
      [member.id, 'member'],
    ])
  })

  test('a direct message is between the caller and exactly one other member of the team', async ({
    assert,
  }) => {
    const { team, admin, member, guest } = await teamWithCast()
    const outsider = await UserFactory.create()
    const client = await signIn(member)
    const path = `/api/v1/teams/${team.id}/channels`
    const directPair = {
      code: 'direct_pair',
      message: 'A direct message is between two people',
      field: 'userIds',
    }
    const notTeamMember = {
      code: 'not_team_member',
      message: 'Everyone must belong to this team',
      field: 'userIds',
    }

    const self = await client.post(path, { type: 'direct', userIds: [member.id] })
    assertError(assert, self, 422, directPair)
    const three = await client.post(path, { type: 'direct', userIds: [admin.id, guest.id] })
    assertError(assert, three, 422, directPair)
    const outside = await client.post(path, { type: 'direct', userIds: [outsider.id] })
    assertError(assert, outside, 422, notTeamMember)
    const unknown = await client.post(path, { type: 'direct', userIds: [newId()] })
    assertError(assert, unknown, 422, notTeamMember)
    const none = await client.post(path, { type: 'direct' })
    assertError(assert, none, 422, { code: 'required', field: 'userIds' })
    const malformed = await client.post(path, { type: 'direct', userIds: ['not-an-id'] })
    assertError(assert, malformed, 422, { code: 'uuid', field: 'userIds.0' })

    assert.equal(await count('channels', { team_id: team.id }), 1)
    assert.equal(await count('channel_members', { user_id: outsider.id }), 0)
  })

  test('a group message with two to seven others is created once per set of people', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const teams = new TeamService()
    const others = await UserFactory.createMany(7)
    for (const user of others) await teams.addMember(team, user, 'member')
    const client = await signIn(member)
    const path = `/api/v1/teams/${team.id}/channels`

    const trio = await client.post(path, { type: 'group', userIds: [admin.id, others[0].id] })
    assert.equal(trio.status, 201)
    assert.equal(trio.body.type, 'group')
    assert.isNull(trio.body.name)
    assert.sameDeepMembers(await membersOf(trio.body.id), [
      [member.id, 'member'],
      [admin.id, 'member'],
      [others[0].id, 'member'],
    ])

    const sameSet = await signIn(others[0])
    const again = await sameSet.post(path, { type: 'group', userIds: [member.id, admin.id] })
    assert.equal(again.status, 200)
    assert.equal(again.body.id, trio.body.id)

    const eight = await client.post(path, {
      type: 'group',
      userIds: others.map((user) => user.id),
    })
    assert.equal(eight.status, 201)
    assert.notEqual(eight.body.id, trio.body.id)
    assert.lengthOf(await membersOf(eight.body.id), 8)

    assert.equal(await count('channels', { team_id: team.id, type: 'group' }), 2)
  })

  test('a group message needs at least two and at most seven others', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const teams = new TeamService()
    const others = await UserFactory.createMany(7)
    for (const user of others) await teams.addMember(team, user, 'member')
    const client = await signIn(member)
    const path = `/api/v1/teams/${team.id}/channels`
    const groupSize = {
      code: 'group_size',
      message: 'A group message has three to eight people',
      field: 'userIds',
    }

    const pair = await client.post(path, { type: 'group', userIds: [admin.id] })
    assertError(assert, pair, 422, groupSize)
    const withSelf = await client.post(path, { type: 'group', userIds: [admin.id, member.id] })
    assertError(assert, withSelf, 422, groupSize)
    const nine = await client.post(path, {
      type: 'group',
      userIds: [admin.id, ...others.map((user) => user.id)],
    })
    assertError(assert, nine, 422, { code: 'array.maxLength', field: 'userIds' })

    assert.equal(await count('channels', { team_id: team.id }), 1)
  })
})

test.group('Channels: seeing one', (group) => {
  isolate(group)

  test('a member sees the channel with their membership', async ({ assert }) => {
    const { team, admin } = await teamWithCast()
    const plans = await titledChannel(admin, team, 'plans', 'private')

    const client = await signIn(admin)
    const response = await client.get(`/api/v1/channels/${plans.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, plans.id)
    assert.equal(response.body.name, 'plans')
    assert.equal(response.body.type, 'private')
    assert.deepEqual(response.body.membership, {
      role: 'admin',
      notify: 'default',
      muted: false,
      lastReadSeq: 0,
    })
  })

  test('a team member sees a public channel they are not in, without a membership', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')

    const client = await signIn(member)
    const response = await client.get(`/api/v1/channels/${dev.id}`)

    assert.equal(response.status, 200)
    assert.equal(response.body.id, dev.id)
    assert.isNull(response.body.membership)
    assert.isNull(await membership(dev, member))
  })

  test('a private channel is a 404 to a non-member, like an unknown or malformed id', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const plans = await titledChannel(admin, team, 'plans', 'private')

    const client = await signIn(member)
    const responses = await Promise.all(
      [plans.id, newId(), 'not-a-channel'].map((id) => client.get(`/api/v1/channels/${id}`))
    )

    for (const response of responses) assertError(assert, response, 404, CHANNEL_NOT_FOUND)
    assert.deepEqual(responses[0].body, responses[1].body)
    assert.deepEqual(responses[0].body, responses[2].body)
  })

  test('a guest sees a public channel only once added to it', async ({ assert }) => {
    const { team, admin, guest } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    const square = await townSquareOf(team)
    const client = await signIn(guest)

    for (const channel of [dev, square]) {
      const response = await client.get(`/api/v1/channels/${channel.id}`)
      assertError(assert, response, 404, CHANNEL_NOT_FOUND)
    }

    await join(dev, guest)
    const added = await client.get(`/api/v1/channels/${dev.id}`)
    assert.equal(added.status, 200)
    assert.equal(added.body.membership.role, 'member')
  })

  test('a system admin sees a private channel without being in it', async ({ assert }) => {
    const { team, admin } = await teamWithCast()
    const plans = await titledChannel(admin, team, 'plans', 'private')
    const root = await UserFactory.apply('admin').create()

    const client = await signIn(root)
    const response = await client.get(`/api/v1/channels/${plans.id}`)

    assert.equal(response.status, 200)
    assert.isNull(response.body.membership)
    assert.isNull(await membership(plans, root))
  })

  test('a direct message is invisible to a third person, even a team or system admin', async ({
    assert,
  }) => {
    const { team, admin, member, guest } = await teamWithCast()
    const root = await UserFactory.apply('admin').create()
    await new TeamService().addMember(team, root, 'admin')
    const { channel } = await new ChannelService().create(member, team, {
      type: 'direct',
      userIds: [guest.id],
    })

    for (const user of [admin, root]) {
      const client = await signIn(user)
      const response = await client.get(`/api/v1/channels/${channel.id}`)
      assertError(assert, response, 404, CHANNEL_NOT_FOUND)
    }
    const guests = await signIn(guest)
    const own = await guests.get(`/api/v1/channels/${channel.id}`)
    assert.equal(own.status, 200)
    assert.sameDeepMembers(await membersOf(channel), [
      [member.id, 'member'],
      [guest.id, 'member'],
    ])
  })
})

test.group('Channels: changing', (group) => {
  isolate(group)

  test('a channel admin renames a channel and sets its purpose and header', async ({ assert }) => {
    const { team, member } = await teamWithCast()
    const dev = await titledChannel(member, team, 'dev')

    const client = await signIn(member)
    const response = await client.patch(`/api/v1/channels/${dev.id}`, {
      name: 'Engineering',
      displayName: 'Engineering',
      purpose: 'Build things',
      header: 'Deploys on Tuesdays',
    })

    assert.equal(response.status, 200)
    assert.containsSubset(response.body, {
      id: dev.id,
      name: 'engineering',
      displayName: 'Engineering',
      purpose: 'Build things',
      header: 'Deploys on Tuesdays',
      membership: { role: 'admin' },
    })
    await dev.refresh()
    assert.equal(dev.name, 'engineering')
    assert.equal(dev.displayName, 'Engineering')
    assert.equal(dev.purpose, 'Build things')
    assert.equal(dev.header, 'Deploys on Tuesdays')
  })

  test('a team admin changes a public channel they are not in', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(member, team, 'dev')

    const client = await signIn(admin)
    const response = await client.patch(`/api/v1/channels/${dev.id}`, { purpose: 'Moderated' })

    assert.equal(response.status, 200)
    assert.isNull(response.body.membership)
    await dev.refresh()
    assert.equal(dev.purpose, 'Moderated')
    assert.isNull(await membership(dev, admin))
  })

  test('a plain member of a channel cannot change it', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    await join(dev, member)

    const client = await signIn(member)
    const response = await client.patch(`/api/v1/channels/${dev.id}`, {
      name: 'mine',
      purpose: 'Taken over',
    })

    assertError(assert, response, 403, FORBIDDEN)
    await dev.refresh()
    assert.equal(dev.name, 'dev')
    assert.equal(dev.purpose, '')
  })

  test('renaming to a name taken in the team, or to an invalid one, is refused', async ({
    assert,
  }) => {
    const { team, admin } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    await titledChannel(admin, team, 'ops')
    const client = await signIn(admin)

    const taken = await client.patch(`/api/v1/channels/${dev.id}`, { name: 'OPS', purpose: 'x' })
    assertError(assert, taken, 422, NAME_TAKEN)
    const invalid = await client.patch(`/api/v1/channels/${dev.id}`, { name: 'no spaces' })
    assertError(assert, invalid, 422, { code: 'regex', field: 'name' })
    const long = await client.patch(`/api/v1/channels/${dev.id}`, { purpose: 'x'.repeat(251) })
    assertError(assert, long, 422, { code: 'maxLength', field: 'purpose' })

    await dev.refresh()
    assert.equal(dev.name, 'dev')
    assert.equal(dev.purpose, '')
    assert.equal(await count('channels', { team_id: team.id, name: 'ops' }), 1)
  })

  test('town-square keeps its name but takes a new display name and purpose', async ({
    assert,
  }) => {
    const { team, admin } = await teamWithCast()
    const square = await townSquareOf(team)
    const client = await signIn(admin)

    const renamed = await client.patch(`/api/v1/channels/${square.id}`, { name: 'lobby' })
    assertError(assert, renamed, 422, {
      code: 'default_channel',
      message: 'The default channel keeps its name',
      field: 'name',
    })
    await square.refresh()
    assert.equal(square.name, 'town-square')

    const described = await client.patch(`/api/v1/channels/${square.id}`, {
      name: 'town-square',
      displayName: 'Lobby',
      purpose: 'Everyone',
    })
    assert.equal(described.status, 200)
    await square.refresh()
    assert.equal(square.name, 'town-square')
    assert.equal(square.displayName, 'Lobby')
    assert.equal(square.purpose, 'Everyone')
  })
})

test.group('Channels: archiving', (group) => {
  isolate(group)

  test('an archived channel refuses new posts and changes until it is unarchived', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    await join(dev, member)
    const admins = await signIn(admin)
    const members = await signIn(member)
    const first = await members.post(`/api/v1/channels/${dev.id}/posts`, { message: 'before' })
    assert.equal(first.status, 201)

    const archived = await admins.post(`/api/v1/channels/${dev.id}/archive`)

    assert.equal(archived.status, 200)
    assert.isTrue(archived.body.archived)
    assert.isString(archived.body.archivedAt)
    await dev.refresh()
    assert.isNotNull(dev.archivedAt)

    const refused = await members.post(`/api/v1/channels/${dev.id}/posts`, { message: 'after' })
    assertError(assert, refused, 403, ARCHIVED)
    const renamed = await admins.patch(`/api/v1/channels/${dev.id}`, { purpose: 'frozen' })
    assertError(assert, renamed, 403, ARCHIVED)
    assert.equal(await count('posts', { channel_id: dev.id }), 1)
    await dev.refresh()
    assert.equal(dev.purpose, '')

    const unarchived = await admins.post(`/api/v1/channels/${dev.id}/unarchive`)

    assert.equal(unarchived.status, 200)
    assert.isFalse(unarchived.body.archived)
    assert.isNull(unarchived.body.archivedAt)
    await dev.refresh()
    assert.isNull(dev.archivedAt)
    const again = await members.post(`/api/v1/channels/${dev.id}/posts`, { message: 'back' })
    assert.equal(again.status, 201)
    assert.equal(await count('posts', { channel_id: dev.id }), 2)
  })

  test('only a manager archives or unarchives a channel', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    await join(dev, member)
    const members = await signIn(member)

    const archive = await members.post(`/api/v1/channels/${dev.id}/archive`)
    assertError(assert, archive, 403, FORBIDDEN)
    await dev.refresh()
    assert.isNull(dev.archivedAt)

    const admins = await signIn(admin)
    const archived = await admins.post(`/api/v1/channels/${dev.id}/archive`)
    assert.equal(archived.status, 200)
    const unarchive = await members.post(`/api/v1/channels/${dev.id}/unarchive`)
    assertError(assert, unarchive, 403, FORBIDDEN)
    await dev.refresh()
    assert.isNotNull(dev.archivedAt)
  })

  test('town-square cannot be archived, even by a system admin', async ({ assert }) => {
    const { team, admin } = await teamWithCast()
    const square = await townSquareOf(team)
    const root = await UserFactory.apply('admin').create()

    for (const user of [admin, root]) {
      const client = await signIn(user)
      const response = await client.post(`/api/v1/channels/${square.id}/archive`)
      assertError(assert, response, 409, {
        code: 'default_channel',
        message: 'The default channel cannot be archived',
      })
    }
    await square.refresh()
    assert.isNull(square.archivedAt)
  })

  test('a direct message has no managers to archive it', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const { channel } = await new ChannelService().create(member, team, {
      type: 'direct',
      userIds: [admin.id],
    })

    const client = await signIn(member)
    const response = await client.post(`/api/v1/channels/${channel.id}/archive`)

    assertError(assert, response, 403, FORBIDDEN)
    await channel.refresh()
    assert.isNull(channel.archivedAt)
  })
})

test.group('Channels: browsing and joining', (group) => {
  isolate(group)

  test('browsing lists public, unarchived channels of the team by name, a page at a time', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    for (const name of ['delta', 'bravo', 'alpha', 'charlie'])
      await titledChannel(admin, team, name)
    await titledChannel(admin, team, 'echo', 'private')
    const old = await titledChannel(admin, team, 'foxtrot')
    await new ChannelService().setArchived(
      { channel: old, membership: null, teamRole: 'admin' },
      true
    )
    await new ChannelService().create(admin, team, { type: 'direct', userIds: [member.id] })
    const other = await new TeamService().create(member, 'Other')
    await titledChannel(member, other, 'aardvark')

    const client = await signIn(member)
    const path = `/api/v1/teams/${team.id}/channels/browse?limit=2`
    const pages: string[][] = []
    let response = await client.get(path)
    while (true) {
      assert.equal(response.status, 200)
      pages.push(response.body.data.map((channel: any) => channel.name))
      if (response.body.next === null) break
      assert.isBelow(pages.length, 5, 'pagination never ends')
      response = await client.get(`${path}&after=${response.body.next}`)
    }

    assert.deepEqual(pages, [['alpha', 'bravo'], ['charlie', 'delta'], ['town-square']])
    const all = await client.get(`/api/v1/teams/${team.id}/channels/browse`)
    assert.isNull(all.body.next)
    assert.lengthOf(all.body.data, 5)
    for (const channel of all.body.data) {
      assert.equal(channel.teamId, team.id)
      assert.equal(channel.type, 'public')
      assert.isFalse(channel.archived)
      assert.isNull(channel.membership)
    }
  })

  test('a guest cannot browse channels', async ({ assert }) => {
    const { team, guest } = await teamWithCast()

    const client = await signIn(guest)
    const response = await client.get(`/api/v1/teams/${team.id}/channels/browse`)

    assertError(assert, response, 403, {
      code: 'guest',
      message: 'Guests only see channels they were added to',
    })
  })

  test('a team member joins a public channel, and joining twice changes nothing', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    const client = await signIn(member)

    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await client.post(`/api/v1/channels/${dev.id}/join`)
      assert.equal(response.status, 200)
      assert.equal(response.body.id, dev.id)
      assert.deepEqual(response.body.membership, NEW_MEMBERSHIP)
    }

    assert.deepEqual(await membersOf(dev), [
      [admin.id, 'admin'],
      [member.id, 'member'],
    ])
  })

  test('joining a private channel one is not in answers 404 and adds no one', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast()
    const plans = await titledChannel(admin, team, 'plans', 'private')

    const client = await signIn(member)
    const response = await client.post(`/api/v1/channels/${plans.id}/join`)

    assertError(assert, response, 404, CHANNEL_NOT_FOUND)
    assert.isNull(await membership(plans, member))
    assert.deepEqual(await membersOf(plans), [[admin.id, 'admin']])
  })

  test('a guest cannot join a public channel, which stays unseen to them', async ({ assert }) => {
    const { team, admin, guest } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    const square = await townSquareOf(team)

    const client = await signIn(guest)
    for (const channel of [dev, square]) {
      const response = await client.post(`/api/v1/channels/${channel.id}/join`)
      assertError(assert, response, 404, CHANNEL_NOT_FOUND)
      assert.isNull(await membership(channel, guest))
    }
  })

  test('nobody joins an archived channel', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast()
    const dev = await titledChannel(admin, team, 'dev')
    const admins = await signIn(admin)
    const archived = await admins.post(`/api/v1/channels/${dev.id}/archive`)
    assert.equal(archived.status, 200)

    const client = await signIn(member)
    const response = await client.post(`/api/v1/channels/${dev.id}/join`)

    assertError(assert, response, 403, ARCHIVED)
    assert.isNull(await membership(dev, member))
  })
})

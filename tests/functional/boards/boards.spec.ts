import { test } from '@japa/runner'
import Channel from '#chat/models/channel'
import Board from '#boards/models/board'
import { UserFactory } from '#database/factories/user_factory'
import {
  CHANNEL_NOT_FOUND,
  FORBIDDEN,
  TEAM_NOT_FOUND,
  UNAUTHENTICATED,
  assertError,
} from '#tests/helpers/assertions'
import { isolate, withToken } from '#tests/helpers/auth'
import { channelOf } from '#tests/helpers/chat'
import { count } from '#tests/helpers/data'
import { join } from '#tests/helpers/memberships'
import { listen, openSse } from '#tests/helpers/realtime'
import { WebClient, expectStatus, statusOf } from '#tests/helpers/web_client'
import {
  BOARD_NOT_FOUND,
  CARD_NOT_FOUND,
  boardCast,
  documentOf,
  makeBoard,
  unloadBoards,
} from '#tests/helpers/board_api'

/** Every field of a board in the API (docs/boards.md), as the caller sees it. */
const BOARD_FIELDS = [
  'id',
  'teamId',
  'channelId',
  'title',
  'icon',
  'description',
  'template',
  'key',
  'channelActivity',
  'defaultRole',
  'creatorId',
  'archived',
  'archivedAt',
  'createdAt',
  'updatedAt',
  'role',
]
const NOT_IN_CHANNEL = { code: 'not_in_channel', field: 'userId' }

/** The caller's role on a board as `GET /boards/:id` answers it, or the status when refused. */
async function roleOf(client: WebClient, boardId: string) {
  const response = await client.get(`/api/v1/boards/${boardId}`)
  return response.status === 200 ? response.body.role : response.status
}

test.group('Boards: creating boards in channels', (group) => {
  isolate(group)
  unloadBoards(group)

  test('a member of a channel creates a board from a template, and becomes neither more nor less than its default role', async ({
    assert,
  }) => {
    const { dev, users, as } = await boardCast()

    const response = await as.alice.post(`/api/v1/channels/${dev.id}/boards`, {
      title: '  Q3 roadmap ',
      template: 'project_tasks',
      icon: '🗺️',
      description: 'What we ship this quarter',
    })

    assert.equal(response.status, 201, JSON.stringify(response.body))
    assert.sameMembers(Object.keys(response.body), BOARD_FIELDS)
    assert.containsSubset(response.body, {
      teamId: dev.teamId,
      channelId: dev.id,
      title: 'Q3 roadmap',
      icon: '🗺️',
      description: 'What we ship this quarter',
      template: 'project_tasks',
      defaultRole: 'editor',
      creatorId: users.alice.id,
      archived: false,
      archivedAt: null,
      role: 'editor',
    })
    const board = await Board.findOrFail(response.body.id)
    assert.equal(board.channelId, dev.id)
    assert.equal(await count('board_updates', { board_id: board.id }), 1)
    const document = await documentOf(as.alice, board.id)
    assert.deepEqual(
      document.fields.map((field: { name: string }) => field.name),
      ['Status', 'Assignee', 'Due date', 'Priority']
    )
    assert.deepEqual(
      document.views.map((view: { name: string }) => view.name),
      ['Board', 'Table', 'Calendar']
    )
    assert.deepEqual(
      document.columns.map((column: { label: string }) => column.label),
      ['No Status', 'To do', 'In progress', 'Done']
    )
    assert.deepEqual(document.cards, [])
  })

  test('a board made without a template is the empty one, and its maker lists it as admin when they manage the channel', async ({
    assert,
  }) => {
    const { dev, as } = await boardCast()

    const created = await makeBoard(as.owner, dev.id, { title: 'Plain' })

    assert.equal(created.template, 'empty')
    assert.equal(created.role, 'admin')
    const document = await documentOf(as.owner, created.id)
    assert.deepEqual(
      document.columns.map((column: { label: string }) => column.label),
      ['No Status', 'To do', 'Doing', 'Done']
    )
    assert.deepEqual(
      document.views.map((view: { kind: string }) => view.kind),
      ['board']
    )
  })

  test('each template fills the new board with its own columns', async ({ assert }) => {
    const { dev, as } = await boardCast()
    const firstColumns: Record<string, string> = {}
    for (const template of ['sprint', 'bug_triage', 'content_calendar']) {
      const board = await makeBoard(as.alice, dev.id, { template })
      const { columns } = await documentOf(as.alice, board.id)
      firstColumns[template] = columns[1].label
    }
    assert.deepEqual(firstColumns, {
      sprint: 'Backlog',
      bug_triage: 'New',
      content_calendar: 'Idea',
    })
  })

  test('only members of a channel may add boards to it; guests never', async ({ assert }) => {
    const { team, dev, users, as } = await boardCast()
    const secret = await channelOf(users.owner, team, 'secret', 'private')
    await join(dev, users.guest)

    assertError(
      assert,
      await as.bob.post(`/api/v1/channels/${dev.id}/boards`, { title: 'x' }),
      403,
      FORBIDDEN
    )
    assertError(
      assert,
      await as.guest.post(`/api/v1/channels/${dev.id}/boards`, { title: 'x' }),
      403,
      {
        code: 'guest',
        message: 'Guests cannot create boards',
      }
    )
    assertError(
      assert,
      await as.bob.post(`/api/v1/channels/${secret.id}/boards`, { title: 'x' }),
      404,
      CHANNEL_NOT_FOUND
    )
    assertError(
      assert,
      await as.outsider.post(`/api/v1/channels/${dev.id}/boards`, { title: 'x' }),
      404,
      CHANNEL_NOT_FOUND
    )
    assertError(
      assert,
      await new WebClient().post(`/api/v1/channels/${dev.id}/boards`, { title: 'x' }),
      401,
      UNAUTHENTICATED
    )
    assert.equal(await count('boards'), 0)
  })

  test('a board needs a title and a known template', async ({ assert }) => {
    const { dev, as } = await boardCast()
    const path = `/api/v1/channels/${dev.id}/boards`

    const untitled = await as.alice.post(path, { title: '   ' })
    assert.equal(untitled.status, 422)
    assert.equal(untitled.body.errors[0].field, 'title')
    const unknown = await as.alice.post(path, { title: 'x', template: 'kanban' })
    assert.equal(unknown.status, 422)
    assert.equal(unknown.body.errors[0].field, 'template')
    const long = await as.alice.post(path, { title: 'x'.repeat(121) })
    assert.equal(long.status, 422)
    assert.equal(long.body.errors[0].field, 'title')
    assert.equal(await count('boards'), 0)
  })
})

test.group('Boards: listing a channel’s boards', (group) => {
  isolate(group)
  unloadBoards(group)

  test('the list shows each board with the caller’s role, archived ones only when asked', async ({
    assert,
  }) => {
    const { dev, as } = await boardCast()
    const first = await makeBoard(as.alice, dev.id, { title: 'First' })
    const second = await makeBoard(as.alice, dev.id, { title: 'Second' })
    expectStatus(await as.owner.post(`/api/v1/boards/${second.id}/archive`), 200)

    const listed = (client: WebClient, query = '') =>
      client.get(`/api/v1/channels/${dev.id}/boards${query}`)
    const summary = (response: any) =>
      response.body.data.map((board: any) => [board.title, board.role, board.archived])

    const forAlice = await listed(as.alice)
    assert.equal(forAlice.status, 200)
    assert.isNull(forAlice.body.next)
    assert.deepEqual(summary(forAlice), [['First', 'editor', false]])
    assert.deepEqual(summary(await listed(as.owner, '?archived=true')), [
      ['First', 'admin', false],
      ['Second', 'admin', true],
    ])
    assert.deepEqual(summary(await listed(as.bob)), [['First', 'viewer', false]])
    assert.deepEqual(summary(await listed(as.admin)), [['First', 'admin', false]])
    assert.equal(first.id, forAlice.body.data[0].id)
    assertError(assert, await listed(as.guest), 404, CHANNEL_NOT_FOUND)
    assertError(assert, await listed(new WebClient()), 401, UNAUTHENTICATED)
  })

  test('a guest in the channel lists only the boards they were given a role on', async ({
    assert,
  }) => {
    const { dev, users, as } = await boardCast()
    await join(dev, users.guest)
    const shared = await makeBoard(as.owner, dev.id, { title: 'Shared' })
    await makeBoard(as.owner, dev.id, { title: 'Internal' })
    expectStatus(
      await as.owner.put(`/api/v1/boards/${shared.id}/members/${users.guest.id}`, {
        role: 'commenter',
      }),
      200
    )

    const response = await as.guest.get(`/api/v1/channels/${dev.id}/boards`)

    assert.deepEqual(
      response.body.data.map((board: any) => [board.title, board.role]),
      [['Shared', 'commenter']]
    )
  })
})

test.group('Boards: standalone boards', (group) => {
  isolate(group)
  unloadBoards(group)

  test('a board made outside any channel gets a private channel of its own, in its maker’s sidebar only', async ({
    assert,
  }) => {
    const { team, users, as } = await boardCast()

    const response = await as.alice.post('/api/v1/boards', {
      teamId: team.id,
      title: 'Hiring',
      template: 'bug_triage',
    })

    assert.equal(response.status, 201, JSON.stringify(response.body))
    assert.equal(response.body.role, 'admin')
    assert.equal(response.body.template, 'bug_triage')
    const channel = await Channel.findOrFail(response.body.channelId)
    assert.equal(channel.type, 'board')
    assert.equal(channel.displayName, 'Hiring')
    assert.equal(channel.teamId, team.id)
    assert.equal(channel.creatorId, users.alice.id)
    assert.equal(await roleOf(as.alice, response.body.id), 'admin')

    const sidebar = await as.alice.get(`/api/v1/teams/${team.id}/channels`)
    const mine = sidebar.body.data.find((entry: any) => entry.id === channel.id)
    assert.equal(mine?.type, 'board')
    assert.equal(mine?.membership.role, 'admin')
    const browse = await as.bob.get(`/api/v1/teams/${team.id}/channels/browse`)
    assert.equal(browse.status, 200)
    assert.notInclude(
      browse.body.data.map((entry: any) => entry.id),
      channel.id
    )
    const bobsSidebar = await as.bob.get(`/api/v1/teams/${team.id}/channels`)
    assert.notInclude(
      bobsSidebar.body.data.map((entry: any) => entry.id),
      channel.id
    )
    assertError(
      assert,
      await as.bob.get(`/api/v1/boards/${response.body.id}`),
      404,
      BOARD_NOT_FOUND
    )
    assertError(
      assert,
      await as.admin.get(`/api/v1/boards/${response.body.id}`),
      404,
      BOARD_NOT_FOUND
    )
  })

  test('guests and people outside the team cannot make standalone boards', async ({ assert }) => {
    const { team, as } = await boardCast()

    assertError(
      assert,
      await as.guest.post('/api/v1/boards', { teamId: team.id, title: 'x' }),
      403,
      {
        code: 'not_team_member',
      }
    )
    assertError(
      assert,
      await as.outsider.post('/api/v1/boards', { teamId: team.id, title: 'x' }),
      404,
      TEAM_NOT_FOUND
    )
    const invalid = await as.alice.post('/api/v1/boards', { teamId: 'nope', title: '' })
    assert.equal(invalid.status, 422)
    assert.sameMembers(
      invalid.body.errors.map((error: any) => error.field),
      ['teamId', 'title']
    )
    assert.equal(await count('boards'), 0)
    assert.equal(await count('channels', { type: 'board' }), 0)
  })

  test('a board channel cannot be made through the channels API', async ({ assert }) => {
    const { team, as } = await boardCast()

    const response = await as.alice.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'board',
      name: 'sneaky',
      displayName: 'Sneaky',
    })

    assert.equal(response.status, 422)
    assert.equal(response.body.errors[0].field, 'type')
    assert.equal(await count('channels', { type: 'board' }), 0)
  })
})

test.group('Boards: roles', (group) => {
  isolate(group)
  unloadBoards(group)

  test('channel managers are admins, channel members get the default role, readers of a public channel are viewers, everyone else sees nothing', async ({
    assert,
  }) => {
    const { dev, users, as } = await boardCast()
    const board = await makeBoard(as.alice, dev.id)
    const sysadmin = await UserFactory.apply('admin').create()
    const sysadminClient = await withToken(sysadmin, ['admin'])
    await join(dev, users.guest)

    const roles: Record<string, unknown> = {}
    for (const [name, client] of Object.entries({ ...as, sysadmin: sysadminClient })) {
      roles[name] = await roleOf(client, board.id)
    }

    assert.deepEqual(roles, {
      admin: 'admin',
      owner: 'admin',
      alice: 'editor',
      bob: 'viewer',
      guest: 404,
      outsider: 404,
      sysadmin: 'admin',
    })
  })

  test('the default role decides what channel members may do', async ({ assert }) => {
    const { dev, as } = await boardCast()
    const board = await makeBoard(as.owner, dev.id)

    const changed = await as.owner.patch(`/api/v1/boards/${board.id}`, { defaultRole: 'viewer' })

    assert.equal(changed.status, 200)
    assert.equal(changed.body.defaultRole, 'viewer')
    assert.equal(await count('boards', { id: board.id, default_role: 'viewer' }), 1)
    assert.equal(await roleOf(as.alice, board.id), 'viewer')
    assertError(
      assert,
      await as.alice.post(`/api/v1/boards/${board.id}/cards`, { title: 'x' }),
      403,
      FORBIDDEN
    )

    expectStatus(
      await as.owner.patch(`/api/v1/boards/${board.id}`, { defaultRole: 'commenter' }),
      200
    )
    assert.equal(await roleOf(as.alice, board.id), 'commenter')
    const refused = await as.owner.patch(`/api/v1/boards/${board.id}`, { defaultRole: 'admin' })
    assert.equal(refused.status, 422)
    assert.equal(refused.body.errors[0].field, 'defaultRole')
  })

  test('an explicit role overrides the default, until it is removed; a channel manager stays admin', async ({
    assert,
  }) => {
    const { dev, users, as } = await boardCast()
    const board = await makeBoard(as.owner, dev.id)
    const members = `/api/v1/boards/${board.id}/members`

    const set = await as.owner.put(`${members}/${users.alice.id}`, { role: 'commenter' })
    assert.equal(set.status, 200)
    assert.deepEqual(set.body, { userId: users.alice.id, role: 'commenter' })
    assert.equal(await roleOf(as.alice, board.id), 'commenter')
    expectStatus(await as.owner.put(`${members}/${users.bob.id}`, { role: 'editor' }), 200)
    assert.equal(await roleOf(as.bob, board.id), 'editor')
    expectStatus(await as.owner.put(`${members}/${users.alice.id}`, { role: 'admin' }), 200)
    assert.equal(await roleOf(as.alice, board.id), 'admin')
    expectStatus(await as.admin.put(`${members}/${users.owner.id}`, { role: 'viewer' }), 200)
    assert.equal(await roleOf(as.owner, board.id), 'admin')

    const listed = await as.owner.get(members)
    assert.equal(listed.status, 200)
    assert.deepEqual(listed.body.data, [
      { userId: users.alice.id, role: 'admin' },
      { userId: users.bob.id, role: 'editor' },
      { userId: users.owner.id, role: 'viewer' },
    ])
    assert.equal(await count('board_members', { board_id: board.id }), 3)

    assert.equal(await statusOf(as.owner.delete(`${members}/${users.alice.id}`)), 204)
    assert.equal(await roleOf(as.alice, board.id), 'editor')
    assert.equal(await count('board_members', { board_id: board.id, user_id: users.alice.id }), 0)
  })

  test('a guest needs both a place in the channel and an explicit role', async ({ assert }) => {
    const { dev, users, as } = await boardCast()
    const board = await makeBoard(as.owner, dev.id)
    const path = `/api/v1/boards/${board.id}/members/${users.guest.id}`

    assertError(assert, await as.owner.put(path, { role: 'editor' }), 422, NOT_IN_CHANNEL)
    await join(dev, users.guest)
    assertError(assert, await as.guest.get(`/api/v1/boards/${board.id}`), 404, BOARD_NOT_FOUND)
    expectStatus(await as.owner.put(path, { role: 'editor' }), 200)
    assert.equal(await roleOf(as.guest, board.id), 'editor')
    expectStatus(
      await as.guest.post(`/api/v1/boards/${board.id}/cards`, { title: 'From a guest' }),
      201
    )
  })

  test('only people who can see the channel can be given a role', async ({ assert }) => {
    const { team, users, as } = await boardCast()
    const secret = await channelOf(users.owner, team, 'secret', 'private')
    const board = await makeBoard(as.owner, secret.id)
    const members = `/api/v1/boards/${board.id}/members`

    assertError(
      assert,
      await as.owner.put(`${members}/${users.bob.id}`, { role: 'viewer' }),
      422,
      NOT_IN_CHANNEL
    )
    assertError(
      assert,
      await as.owner.put(`${members}/${users.outsider.id}`, { role: 'viewer' }),
      422,
      NOT_IN_CHANNEL
    )
    assertError(
      assert,
      await as.owner.put(`${members}/not-a-user`, { role: 'viewer' }),
      422,
      NOT_IN_CHANNEL
    )
    const badRole = await as.owner.put(`${members}/${users.admin.id}`, { role: 'owner' })
    assert.equal(badRole.status, 422)
    assert.equal(badRole.body.errors[0].field, 'role')
    assert.equal(await count('board_members'), 0)
  })

  test('only board admins manage roles; those who cannot see the board get a 404', async ({
    assert,
  }) => {
    const { dev, users, as } = await boardCast()
    const board = await makeBoard(as.owner, dev.id)
    const members = `/api/v1/boards/${board.id}/members`

    assertError(assert, await as.alice.get(members), 403, FORBIDDEN)
    assertError(
      assert,
      await as.alice.put(`${members}/${users.alice.id}`, { role: 'admin' }),
      403,
      FORBIDDEN
    )
    assertError(assert, await as.bob.delete(`${members}/${users.alice.id}`), 403, FORBIDDEN)
    assertError(
      assert,
      await as.outsider.put(`${members}/${users.alice.id}`, { role: 'viewer' }),
      404,
      BOARD_NOT_FOUND
    )
    assertError(assert, await new WebClient().get(members), 401, UNAUTHENTICATED)
    assert.equal(await count('board_members'), 0)
  })

  test('a board in a private channel is a 404 for everything to people outside it', async ({
    assert,
  }) => {
    const { team, users, as } = await boardCast()
    const secret = await channelOf(users.owner, team, 'secret', 'private')
    const board = await makeBoard(as.owner, secret.id)
    const card = expectStatus(
      await as.owner.post(`/api/v1/boards/${board.id}/cards`, { title: 'Secret plan' }),
      201
    ).body

    for (const client of [as.admin, as.bob, as.guest, as.outsider]) {
      assertError(assert, await client.get(`/api/v1/boards/${board.id}`), 404, BOARD_NOT_FOUND)
      assertError(
        assert,
        await client.get(`/api/v1/boards/${board.id}/document`),
        404,
        BOARD_NOT_FOUND
      )
      assertError(
        assert,
        await client.get(`/api/v1/boards/${board.id}/cards`),
        404,
        BOARD_NOT_FOUND
      )
      assertError(
        assert,
        await client.patch(`/api/v1/boards/${board.id}`, { title: 'x' }),
        404,
        BOARD_NOT_FOUND
      )
      assertError(assert, await client.get(`/api/v1/cards/${card.id}`), 404, CARD_NOT_FOUND)
      assertError(
        assert,
        await client.patch(`/api/v1/cards/${card.id}`, { title: 'x' }),
        404,
        CARD_NOT_FOUND
      )
    }
    assert.equal(await roleOf(as.owner, board.id), 'admin')
    const missing = '01900000-0000-7000-8000-000000000000'
    assertError(assert, await as.owner.get(`/api/v1/boards/${missing}`), 404, BOARD_NOT_FOUND)
    assertError(assert, await as.owner.get('/api/v1/boards/not-an-id'), 404, BOARD_NOT_FOUND)
  })
})

test.group('Boards: settings, archiving and deletion', (group) => {
  isolate(group)
  unloadBoards(group)

  test('each board gets a key unique in its team, from its title or as given; a taken key is a 409', async ({
    assert,
  }) => {
    const { dev, as } = await boardCast()
    const first = await makeBoard(as.alice, dev.id)
    const second = await makeBoard(as.alice, dev.id)
    const several = await makeBoard(as.alice, dev.id, { title: 'Platform ops team' })
    const given = await makeBoard(as.alice, dev.id, { title: 'Anything', key: 'ops' })
    assert.deepEqual(
      [first.key, second.key, several.key, given.key],
      ['ROA', 'ROA2', 'POT', 'OPS'],
      'the first letters, a suffix when taken, initials, a given key in capitals'
    )

    const taken = await as.alice.post(`/api/v1/channels/${dev.id}/boards`, {
      title: 'Again',
      key: 'ROA',
    })
    assert.equal(taken.status, 409)
    assert.equal(taken.body.errors[0].code, 'key_taken')
    const path = `/api/v1/boards/${first.id}`
    const clash = await as.owner.patch(path, { key: 'POT' })
    assert.equal(clash.status, 409)
    assert.equal(clash.body.errors[0].code, 'key_taken')
    for (const key of ['1AB', 'A', 'TOOLONGKEY1', 'A-B']) {
      const invalid = await as.owner.patch(path, { key })
      assert.equal(invalid.status, 422, key)
      assert.equal(invalid.body.errors[0].field, 'key')
    }
    const stored = await Board.findOrFail(first.id)
    assert.equal(stored.key, 'ROA', 'refusals change nothing')

    const renamed = await as.owner.patch(path, { key: 'road', channelActivity: 'all' })
    assert.equal(renamed.status, 200)
    assert.containsSubset(renamed.body, { key: 'ROAD', channelActivity: 'all' })
    const wrongSetting = await as.owner.patch(path, { channelActivity: 'sometimes' })
    assert.equal(wrongSetting.status, 422)
    assert.equal(wrongSetting.body.errors[0].field, 'channelActivity')
  })

  test('a board admin renames a board and changes its icon and description; others may not', async ({
    assert,
  }) => {
    const { dev, as } = await boardCast()
    const board = await makeBoard(as.alice, dev.id)
    const path = `/api/v1/boards/${board.id}`

    const response = await as.owner.patch(path, {
      title: 'Launch',
      icon: '🚀',
      description: 'Everything for the launch',
    })

    assert.equal(response.status, 200)
    assert.containsSubset(response.body, {
      title: 'Launch',
      icon: '🚀',
      description: 'Everything for the launch',
      role: 'admin',
    })
    const stored = await Board.findOrFail(board.id)
    assert.deepEqual(
      [stored.title, stored.icon, stored.description],
      ['Launch', '🚀', 'Everything for the launch']
    )
    assertError(assert, await as.alice.patch(path, { title: 'Mine' }), 403, FORBIDDEN)
    assertError(assert, await as.bob.patch(path, { title: 'Mine' }), 403, FORBIDDEN)
    assertError(assert, await new WebClient().patch(path, { title: 'Mine' }), 401, UNAUTHENTICATED)
    const invalid = await as.owner.patch(path, { title: '' })
    assert.equal(invalid.status, 422)
    assert.equal(invalid.body.errors[0].field, 'title')
    assert.equal(await count('boards', { id: board.id, title: 'Launch' }), 1)
  })

  test('an archived board is listed apart and refuses card writes until it is unarchived', async ({
    assert,
  }) => {
    const { dev, as } = await boardCast()
    const board = await makeBoard(as.alice, dev.id)
    const card = expectStatus(
      await as.alice.post(`/api/v1/boards/${board.id}/cards`, { title: 'Before' }),
      201
    ).body

    assertError(assert, await as.alice.post(`/api/v1/boards/${board.id}/archive`), 403, FORBIDDEN)
    const archived = await as.owner.post(`/api/v1/boards/${board.id}/archive`)

    assert.equal(archived.status, 200)
    assert.isTrue(archived.body.archived)
    assert.isString(archived.body.archivedAt)
    const stored = await Board.findOrFail(board.id)
    assert.isNotNull(stored.archivedAt)
    for (const client of [as.alice, as.owner]) {
      assertError(
        assert,
        await client.post(`/api/v1/boards/${board.id}/cards`, { title: 'x' }),
        403,
        FORBIDDEN
      )
      assertError(
        assert,
        await client.patch(`/api/v1/cards/${card.id}`, { title: 'x' }),
        403,
        FORBIDDEN
      )
      assertError(assert, await client.delete(`/api/v1/cards/${card.id}`), 403, FORBIDDEN)
    }
    const unchanged = await as.alice.get(`/api/v1/cards/${card.id}`)
    assert.equal(unchanged.body.title, 'Before')
    assert.equal(await count('cards', { board_id: board.id }), 1)

    const unarchived = await as.owner.post(`/api/v1/boards/${board.id}/unarchive`)
    assert.equal(unarchived.status, 200)
    assert.isFalse(unarchived.body.archived)
    await stored.refresh()
    assert.isNull(stored.archivedAt)
    expectStatus(await as.alice.patch(`/api/v1/cards/${card.id}`, { title: 'After' }), 200)
  })

  test('deleting a board takes its document and cards with it', async ({ assert }) => {
    const { dev, as } = await boardCast()
    const board = await makeBoard(as.alice, dev.id)
    expectStatus(await as.alice.post(`/api/v1/boards/${board.id}/cards`, { title: 'Gone' }), 201)

    assertError(assert, await as.alice.delete(`/api/v1/boards/${board.id}`), 403, FORBIDDEN)
    assertError(assert, await as.bob.delete(`/api/v1/boards/${board.id}`), 403, FORBIDDEN)
    assertError(
      assert,
      await as.outsider.delete(`/api/v1/boards/${board.id}`),
      404,
      BOARD_NOT_FOUND
    )
    assert.equal(await statusOf(as.owner.delete(`/api/v1/boards/${board.id}`)), 204)

    assert.isNull(await Board.find(board.id))
    assert.equal(await count('cards', { board_id: board.id }), 0)
    assert.equal(await count('board_updates', { board_id: board.id }), 0)
    assertError(assert, await as.owner.get(`/api/v1/boards/${board.id}`), 404, BOARD_NOT_FOUND)
  })

  test('board changes reach the channel’s subscribers over SSE, in order', async ({
    assert,
    cleanup,
  }) => {
    const { dev, as } = await boardCast()
    const stream = `channels/${dev.id}`
    const aliceSse = await listen(as.alice, cleanup, stream)
    const outsiderSse = await openSse(as.outsider, cleanup)
    assert.equal(await outsiderSse.subscribe(stream), 404)

    const board = await makeBoard(as.owner, dev.id, { title: 'Live' })
    expectStatus(await as.owner.patch(`/api/v1/boards/${board.id}`, { title: 'Live 2' }), 200)
    expectStatus(await as.owner.post(`/api/v1/boards/${board.id}/archive`), 200)
    expectStatus(await as.owner.post(`/api/v1/boards/${board.id}/unarchive`), 200)
    expectStatus(await as.owner.delete(`/api/v1/boards/${board.id}`), 204)

    const events = await aliceSse.waitFor(() => {
      const found = aliceSse.on(stream).filter((event) => event.type.startsWith('board.'))
      return found.length >= 5 && found
    })
    assert.deepEqual(
      events.map((event) => event.type),
      ['board.created', 'board.updated', 'board.archived', 'board.unarchived', 'board.deleted']
    )
    assert.equal(events[0].data.board.id, board.id)
    assert.equal(events[0].data.board.title, 'Live')
    assert.notProperty(events[0].data.board, 'role')
    assert.equal(events[1].data.board.title, 'Live 2')
    assert.isTrue(events[2].data.board.archived)
    assert.isFalse(events[3].data.board.archived)
    assert.deepEqual(events[4].data.board, { id: board.id, channelId: dev.id })
    assert.isTrue(
      events.every((event, index) => index === 0 || event.seq! > events[index - 1].seq!)
    )
  })
})

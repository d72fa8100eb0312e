import { test } from '@japa/runner'
import TeamService from '#app/services/team_service'
import { newId } from '#app/helpers/ids'
import Channel from '#chat/models/channel'
import ChannelMember from '#chat/models/channel_member'
import ChannelService from '#chat/services/channel_service'
import ChannelList from '#commands/channel_list'
import ChannelCreate from '#commands/channel_create'
import ChannelArchive from '#commands/channel_archive'
import ChannelAddMember from '#commands/channel_add_member'
import { UserFactory } from '#database/factories/user_factory'
import { isolate } from '#tests/helpers/auth'
import { channelOf, teamWithCast } from '#tests/helpers/chat'
import { membersOf } from '#tests/helpers/memberships'
import { errorsOf, rawOutput, run, tableOf } from '#tests/helpers/ace'
import { count } from '#tests/helpers/data'

test.group('Channel admin commands', (group) => {
  isolate(group)
  rawOutput(group)

  test('channel:list prints the public and private channels of a team with member counts', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast('Ops', { guest: false })
    const dev = await channelOf(admin, team, 'dev')
    await ChannelMember.create({ channelId: dev.id, userId: member.id, role: 'member' })
    const plans = await channelOf(member, team, 'plans', 'private')
    const old = await channelOf(admin, team, 'old')
    await new ChannelService().setArchived(
      { channel: old, membership: null, teamRole: 'admin' },
      true
    )
    await new ChannelService().create(admin, team, { type: 'direct', userIds: [member.id] })
    const other = await new TeamService().create(admin, 'Other')
    await channelOf(admin, other, 'elsewhere')
    const square = await Channel.findByOrFail({ team_id: team.id, name: 'town-square' })

    const command = await run(ChannelList, ['--team=Ops'])

    command.assertSucceeded()
    const [header, ...rows] = tableOf(command)
    assert.deepEqual(header, ['Id', 'Name', 'Display name', 'Type', 'Members', 'Archived'])
    assert.deepEqual(rows, [
      [dev.id, 'dev', 'dev', 'public', '2', 'no'],
      [plans.id, 'plans', 'plans', 'private', '1', 'no'],
      [square.id, 'town-square', 'Town Square', 'public', '2', 'no'],
    ])
    command.assertLog('[ blue(info) ] 3 channel(s) in "Ops"')

    const withArchived = await run(ChannelList, [`--team=${team.id}`, '--archived'])

    withArchived.assertSucceeded()
    const [, ...all] = tableOf(withArchived)
    assert.deepEqual(
      all.map((row) => [row[1], row[5]]),
      [
        ['dev', 'no'],
        ['old', 'yes'],
        ['plans', 'no'],
        ['town-square', 'no'],
      ]
    )
    withArchived.assertLog('[ blue(info) ] 4 channel(s) in "Ops"')
  })

  test('channel:list without --team, or with an unknown team, is refused', async ({ assert }) => {
    await teamWithCast('Ops', { guest: false })

    const missing = await run(ChannelList, [])

    missing.assertExitCode(1)
    assert.deepEqual(errorsOf(missing), ['Name the team with --team'])

    const unknown = await run(ChannelList, ['--team=Nowhere'])

    unknown.assertExitCode(1)
    assert.deepEqual(errorsOf(unknown), ['Team "Nowhere" not found'])
    assert.deepEqual(tableOf(unknown), [])
  })

  test('channel:create makes a public channel with its owner as channel admin', async ({
    assert,
  }) => {
    const { team, member } = await teamWithCast('Ops', { guest: false })

    const command = await run(ChannelCreate, [
      '--team=Ops',
      '--name=Dev',
      `--owner=${member.email}`,
      '--purpose=Shipping',
    ])

    command.assertSucceeded()
    const dev = await Channel.findByOrFail({ team_id: team.id, name: 'dev' })
    command.assertLog(`[ green(success) ] Created public channel "dev" (${dev.id}) in "Ops"`)
    assert.equal(dev.type, 'public')
    assert.equal(dev.displayName, 'Dev')
    assert.equal(dev.purpose, 'Shipping')
    assert.equal(dev.creatorId, member.id)
    assert.deepEqual(await membersOf(dev), [[member.id, 'admin']])
  })

  test('channel:create makes a private channel with a display name, by team id', async ({
    assert,
  }) => {
    const { team, admin } = await teamWithCast('Ops', { guest: false })

    const command = await run(ChannelCreate, [
      `--team=${team.id}`,
      '--name=plans',
      '--display-name=Secret plans',
      '--type=private',
      `--owner=${admin.username}`,
    ])

    command.assertSucceeded()
    const plans = await Channel.findByOrFail({ team_id: team.id, name: 'plans' })
    command.assertLog(`[ green(success) ] Created private channel "plans" (${plans.id}) in "Ops"`)
    assert.equal(plans.type, 'private')
    assert.equal(plans.displayName, 'Secret plans')
    assert.deepEqual(await membersOf(plans), [[admin.id, 'admin']])
  })

  test('channel:create refuses bad input with a clear message and creates nothing', async ({
    assert,
  }) => {
    const { team, admin } = await teamWithCast('Ops', { guest: false })
    await channelOf(admin, team, 'dev')
    const outsider = await UserFactory.create()
    const channels = await count('channels')
    const members = await count('channel_members')

    const refusals: Array<[string[], string]> = [
      [['--name=new', `--owner=${admin.username}`], 'Name the team with --team'],
      [['--team=Ops', '--name=new'], 'Name the channel admin with --owner'],
      [['--team=Nowhere', '--name=new', `--owner=${admin.username}`], 'Team "Nowhere" not found'],
      [['--team=Ops', '--name=new', '--owner=ghost'], 'User "ghost" not found'],
      [
        ['--team=Ops', '--name=new', `--owner=${outsider.username}`],
        `${outsider.username} is not in "Ops"`,
      ],
      [
        ['--team=Ops', '--name=has space', `--owner=${admin.username}`],
        'name: The name field format is invalid',
      ],
      [
        ['--team=Ops', '--name=DEV', `--owner=${admin.username}`],
        'A channel of this team already has this name',
      ],
      [
        ['--team=Ops', '--name=new', '--type=direct', `--owner=${admin.username}`],
        'The type is public or private',
      ],
    ]

    for (const [argv, message] of refusals) {
      const command = await run(ChannelCreate, argv)
      command.assertExitCode(1)
      assert.deepEqual(errorsOf(command), [message], argv.join(' '))
    }
    const unnamed = await run(ChannelCreate, ['--team=Ops', `--owner=${admin.username}`])
    unnamed.assertExitCode(1)
    assert.deepEqual(errorsOf(unnamed), ['Name the channel with --name'])

    assert.equal(await count('channels'), channels)
    assert.equal(await count('channel_members'), members)
    assert.equal(await count('channels', { name: 'new' }), 0)
    assert.equal(await count('channel_members', { user_id: outsider.id }), 0)
  })

  test('channel:archive archives a channel by name, and --undo brings it back by id', async ({
    assert,
  }) => {
    const { team, admin } = await teamWithCast('Ops', { guest: false })
    const dev = await channelOf(admin, team, 'dev')

    const archive = await run(ChannelArchive, ['dev', '--team=Ops'])

    archive.assertSucceeded()
    archive.assertLog('[ green(success) ] "dev" is archived')
    await dev.refresh()
    assert.isNotNull(dev.archivedAt)

    const undo = await run(ChannelArchive, [dev.id, '--undo'])

    undo.assertSucceeded()
    undo.assertLog('[ green(success) ] "dev" is active')
    await dev.refresh()
    assert.isNull(dev.archivedAt)
  })

  test('channel:archive refuses town-square and unknown channels, and archives nothing', async ({
    assert,
  }) => {
    const { team, admin } = await teamWithCast('Ops', { guest: false })
    await channelOf(admin, team, 'dev')
    const missingId = newId()

    const refusals: Array<[string[], string]> = [
      [['town-square', '--team=Ops'], 'The default channel cannot be archived'],
      [['nope', '--team=Ops'], 'Channel "nope" not found'],
      [['dev'], 'Channel "dev" not found (name it by id, or by name with --team)'],
      [[missingId], `Channel "${missingId}" not found (name it by id, or by name with --team)`],
      [['dev', '--team=Nowhere'], 'Team "Nowhere" not found'],
    ]

    for (const [argv, message] of refusals) {
      const command = await run(ChannelArchive, argv)
      command.assertExitCode(1)
      assert.deepEqual(errorsOf(command), [message], argv.join(' '))
    }
    assert.equal(await count('channels', { team_id: team.id }), 2)
    assert.equal(await count('channels', { archived_at: null }), 2)
  })

  test('channel:add-member adds a team member by username or email, as member or --role', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast('Ops', { guest: false })
    const third = await UserFactory.create()
    await new TeamService().addMember(team, third, 'member')
    const plans = await channelOf(admin, team, 'plans', 'private')

    const byName = await run(ChannelAddMember, ['plans', member.username, '--team=Ops'])

    byName.assertSucceeded()
    byName.assertLog(`[ green(success) ] ${member.username} is in "plans"`)

    const byId = await run(ChannelAddMember, [plans.id, third.email, '--role=admin'])

    byId.assertSucceeded()
    byId.assertLog(`[ green(success) ] ${third.username} is in "plans"`)
    assert.deepEqual(await membersOf(plans), [
      [admin.id, 'admin'],
      [member.id, 'member'],
      [third.id, 'admin'],
    ])
  })

  test('channel:add-member refuses with a clear message and adds no one', async ({ assert }) => {
    const { team, admin, member } = await teamWithCast('Ops', { guest: false })
    const dev = await channelOf(admin, team, 'dev')
    const old = await channelOf(admin, team, 'old')
    await new ChannelService().setArchived(
      { channel: old, membership: null, teamRole: 'admin' },
      true
    )
    const third = await UserFactory.create()
    await new TeamService().addMember(team, third, 'member')
    const { channel: direct } = await new ChannelService().create(admin, team, {
      type: 'direct',
      userIds: [member.id],
    })
    const outsider = await UserFactory.create()
    const members = await count('channel_members')

    const refusals: Array<[string[], string]> = [
      [['dev', 'ghost', '--team=Ops'], 'User "ghost" not found'],
      [['dev', member.username, '--team=Ops', '--role=owner'], 'The role is member or admin'],
      [['nope', member.username, '--team=Ops'], 'Channel "nope" not found'],
      [[direct.id, third.username], 'Direct and group messages keep their members'],
      [['dev', outsider.username, '--team=Ops'], 'This person is not in the team'],
      [['old', member.username, '--team=Ops'], 'This channel is archived and read-only'],
    ]

    for (const [argv, message] of refusals) {
      const command = await run(ChannelAddMember, argv)
      command.assertExitCode(1)
      assert.deepEqual(errorsOf(command), [message], argv.join(' '))
    }
    assert.equal(await count('channel_members'), members)
    assert.deepEqual(await membersOf(dev), [[admin.id, 'admin']])
    assert.deepEqual(await membersOf(old), [[admin.id, 'admin']])
    assert.lengthOf(await membersOf(direct), 2)
    assert.equal(await count('channel_members', { user_id: outsider.id }), 0)
  })
})

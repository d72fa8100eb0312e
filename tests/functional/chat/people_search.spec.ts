import { test } from '@japa/runner'
import TeamService from '#app/services/team_service'
import UserService from '#app/services/user_service'
import ChannelMember from '#chat/models/channel_member'
import { UserFactory } from '#database/factories/user_factory'
import { TEAM_NOT_FOUND, UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { isolate, signIn } from '#tests/helpers/auth'
import { channelOf, teamWithCast } from '#tests/helpers/chat'
import { WebClient, type WebResponse } from '#tests/helpers/web_client'

function usernames(response: WebResponse) {
  if (response.status !== 200)
    throw new Error(`${response.status} ${JSON.stringify(response.body)}`)
  return response.body.data.map((user: { username: string }) => user.username)
}

function search(client: WebClient, query: Record<string, string | number>) {
  const entries = Object.entries(query).map(([key, value]): [string, string] => [
    key,
    String(value),
  ])
  return client.get(`/api/v1/users/search?${new URLSearchParams(entries)}`)
}

/**
 * A team "name" with an admin and a member whose display names are blank, so the random names
 * factories give cannot match a test's query (their usernames start with `u`, which none does).
 */
async function namelessCast(name: string) {
  const cast = await teamWithCast(name, { guest: false })
  for (const user of [cast.admin, cast.member]) await user.merge({ displayName: '' }).save()
  return cast
}

test.group('User search', (group) => {
  isolate(group)

  test('finds teammates by a prefix of their username or of any word of their display name, ignoring case and accents', async ({
    assert,
  }) => {
    const { team, admin } = await namelessCast('Ops')
    const people = await UserFactory.merge([
      { username: 'marie.curie', displayName: 'Marie Curie' },
      { username: 'eleonore', displayName: 'Éléonore Dupont-Aignan' },
      { username: 'zed', displayName: 'Zed Marchand' },
    ]).createMany(3)
    for (const person of people) await new TeamService().addMember(team, person, 'member')
    const client = await signIn(admin)

    assert.deepEqual(usernames(await search(client, { q: 'MAR' })), ['marie.curie', 'zed'])
    assert.deepEqual(usernames(await search(client, { q: 'curi' })), ['marie.curie'])
    assert.deepEqual(usernames(await search(client, { q: 'élé' })), ['eleonore'])
    assert.deepEqual(usernames(await search(client, { q: 'ELEO' })), ['eleonore'])
    assert.deepEqual(usernames(await search(client, { q: 'aign' })), ['eleonore'])
    assert.deepEqual(usernames(await search(client, { q: '@zed' })), ['zed'])
    assert.deepEqual(usernames(await search(client, { q: 'marie cu' })), ['marie.curie'])
    assert.deepEqual(usernames(await search(client, { q: 'Marie.Curie' })), ['marie.curie'])
    assert.deepEqual(usernames(await search(client, { q: 'marie z' })), [])
    const zed = await search(client, { q: 'zed' })
    const [found] = zed.body.data
    assert.deepEqual(Object.keys(found).sort(), [
      'active',
      'createdAt',
      'displayName',
      'id',
      'isAdmin',
      'username',
    ])
  })

  test('orders the exact username first, then username prefixes, then first names, then other words', async ({
    assert,
  }) => {
    const { team, admin } = await namelessCast('Ops')
    const people = await UserFactory.merge([
      { username: 'xavier', displayName: 'Anne Sam' },
      { username: 'sammy', displayName: 'Someone Else' },
      { username: 'yolanda', displayName: 'Sam Yo' },
      { username: 'sam', displayName: 'Plain Sam' },
      { username: 'abel.samson', displayName: 'Abel' },
    ]).createMany(5)
    for (const person of people) await new TeamService().addMember(team, person, 'member')
    const client = await signIn(admin)

    const response = await search(client, { q: 'sam' })

    assert.deepEqual(usernames(response), ['sam', 'sammy', 'yolanda', 'abel.samson', 'xavier'])
    assert.deepEqual(usernames(await search(client, { q: 'sam', limit: 2 })), ['sam', 'sammy'])
    assert.deepEqual(usernames(await search(client, { q: 'abel.samson' })), ['abel.samson'])
  })

  test('never finds people outside the caller’s teams, nor deactivated accounts', async ({
    assert,
  }) => {
    const { team, admin, member } = await namelessCast('Ops')
    const other = await teamWithCast('Elsewhere', { guest: false })
    const [stranger, gone] = await UserFactory.merge([
      { username: 'quentin.out', displayName: 'Quentin Out' },
      { username: 'quentin.gone', displayName: 'Quentin Gone' },
    ]).createMany(2)
    await new TeamService().addMember(other.team, stranger, 'member')
    await new TeamService().addMember(team, gone, 'member')
    await new UserService().deactivate(gone)
    const inside = await UserFactory.merge({ username: 'quentin.in' }).create()
    await new TeamService().addMember(team, inside, 'member')

    const client = await signIn(member)

    assert.deepEqual(usernames(await search(client, { q: 'quentin' })), ['quentin.in'])
    assert.deepEqual(usernames(await search(client, { q: stranger.username })), [])
    assert.deepEqual(usernames(await search(await signIn(admin), { q: 'quentin' })), ['quentin.in'])
  })

  test('teamId keeps the search to one of the caller’s teams; a team they are not in is a 404', async ({
    assert,
  }) => {
    const ops = await namelessCast('Ops')
    const dev = await new TeamService().create(ops.member, 'Dev')
    const [olga, oscar] = await UserFactory.merge([
      { username: 'olga' },
      { username: 'oscar' },
    ]).createMany(2)
    await new TeamService().addMember(ops.team, olga, 'member')
    await new TeamService().addMember(dev, oscar, 'member')
    const foreign = await teamWithCast('Foreign', { guest: false })
    const client = await signIn(ops.member)

    assert.deepEqual(usernames(await search(client, { q: 'o' })).sort(), ['olga', 'oscar'])
    assert.deepEqual(usernames(await search(client, { q: 'o', teamId: ops.team.id })), ['olga'])
    assert.deepEqual(usernames(await search(client, { q: 'o', teamId: dev.id })), ['oscar'])
    const refused = await search(client, { q: 'o', teamId: foreign.team.id })
    assertError(assert, refused, 404, TEAM_NOT_FOUND)
  })

  test('a guest finds only the people of the channels they are in', async ({ assert }) => {
    const { team, admin, member, guest } = await teamWithCast('Ops')
    const dev = await channelOf(admin, team, 'dev', 'private')
    await ChannelMember.create({ channelId: dev.id, userId: guest.id, role: 'member' })
    const client = await signIn(guest)

    const found = usernames(await search(client, { q: admin.username }))
    const hidden = usernames(await search(client, { q: member.username }))

    assert.deepEqual(found, [admin.username])
    assert.deepEqual(hidden, [])
    // The member, in the same team, finds the guest.
    assert.deepEqual(usernames(await search(await signIn(member), { q: guest.username })), [
      guest.username,
    ])
  })

  test('a changed display name is found by its new words at once', async ({ assert }) => {
    const { admin, member } = await namelessCast('Ops')
    const client = await signIn(member)
    const renamed = await client.patch('/api/v1/users/me', { displayName: 'Wilhelmina Brook' })
    assert.equal(renamed.status, 200)

    const finder = await signIn(admin)

    assert.deepEqual(usernames(await search(finder, { q: 'wilhel' })), [member.username])
    assert.deepEqual(usernames(await search(finder, { q: 'brook' })), [member.username])
  })

  test('refuses a missing query, a bad team id and a limit over 50; needs a signed-in caller', async ({
    assert,
  }) => {
    const { member } = await namelessCast('Ops')
    const client = await signIn(member)

    assertError(assert, await search(client, {}), 422, { code: 'required', field: 'q' })
    assertError(assert, await search(client, { q: ' ' }), 422, { code: 'minLength', field: 'q' })
    const badTeam = await search(client, { q: 'a', teamId: 'nope' })
    assertError(assert, badTeam, 422, { code: 'uuid', field: 'teamId' })
    const tooMany = await search(client, { q: 'a', limit: 51 })
    assertError(assert, tooMany, 422, { code: 'range', field: 'limit' })
    const anonymous = await search(new WebClient(), { q: 'a' })
    assertError(assert, anonymous, 401, UNAUTHENTICATED)
  })
})

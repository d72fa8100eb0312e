import db from '@adonisjs/lucid/services/db'
import type Team from '#app/models/team'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import Channel from '#chat/models/channel'
import ChannelService from '#chat/services/channel_service'
import type { PostJson } from '#chat/transformers/post_transformer'
import { UserFactory } from '#database/factories/user_factory'
import { signIn } from '#tests/helpers/auth'
import { expectStatus, type WebClient, type WebResponse } from '#tests/helpers/web_client'

type TeamCast = { team: Team; townSquare: Channel; admin: User; alice: User; bob: User }

/**
 * Use for post and thread tests: a team "Hearth" made by its admin with the plain members alice and
 * bob (and carol when asked for), all in its town-square.
 */
export async function teamCast(): Promise<TeamCast>
export async function teamCast(options: { carol: true }): Promise<TeamCast & { carol: User }>
export async function teamCast(options: { carol?: boolean } = {}) {
  const [admin, ...members] = await UserFactory.createMany(options.carol ? 4 : 3)
  const teams = new TeamService()
  const team = await teams.create(admin, 'Hearth')
  for (const user of members) await teams.addMember(team, user, 'member')
  const [alice, bob, carol] = members
  const townSquare = await townSquareOf(team)
  return options.carol
    ? { team, townSquare, admin, alice, bob, carol }
    : { team, townSquare, admin, alice, bob }
}

type Cast = { team: Team; admin: User; member: User }

/**
 * Use for channel tests: a team made the way the app makes one (so with its town-square), its admin
 * and a plain member (both in town-square) and, unless `guest` is false, a guest in no channel.
 */
export async function teamWithCast(name?: string): Promise<Cast & { guest: User }>
export async function teamWithCast(name: string, options: { guest: false }): Promise<Cast>
export async function teamWithCast(name = 'Ops', options: { guest?: boolean } = {}) {
  const withGuest = options.guest !== false
  const [admin, member, guest] = await UserFactory.createMany(withGuest ? 3 : 2)
  const teams = new TeamService()
  const team = await teams.create(admin, name)
  await teams.addMember(team, member, 'member')
  if (!withGuest) return { team, admin, member }
  await teams.addMember(team, guest, 'guest')
  return { team, admin, member, guest }
}

/**
 * Use for realtime and catch-up tests: the owner's team "Ops" with the others as members, and a
 * channel `dev` of the owner's, made through the API, that they are all in.
 */
export async function teamWithChannel(
  owner: User,
  type: 'public' | 'private',
  members: User[] = []
) {
  const team = await new TeamService().create(owner, 'Ops')
  for (const member of members) await new TeamService().addMember(team, member, 'member')
  const web = await signIn(owner)
  const created = await web.post(`/api/v1/teams/${team.id}/channels`, {
    type,
    name: 'dev',
    displayName: 'Dev',
  })
  if (created.status !== 201) throw new Error(`channel not created: ${created.status}`)
  const channel = created.body
  for (const member of members) {
    const added = await web.post(`/api/v1/channels/${channel.id}/members`, { userId: member.id })
    if (added.status !== 201) throw new Error(`member not added: ${added.status}`)
  }
  return { team, channel, stream: `channels/${channel.id}`, web }
}

/** Use to get a team's default channel (town-square), which every non-guest member is in. */
export function townSquareOf(team: Team) {
  return Channel.query().where({ team_id: team.id, is_default: true }).firstOrFail()
}

/**
 * Use to make a public or private channel through the service rather than the API, its owner its
 * channel admin.
 */
export async function channelOf(
  owner: User,
  team: Team,
  name: string,
  type: 'public' | 'private' = 'public',
  displayName = name
) {
  const { channel } = await new ChannelService().create(owner, team, { type, name, displayName })
  return channel
}

/**
 * Use to make a channel through the API as the client's user (its channel admin), with `members`
 * added; answers its id.
 */
export async function createChannel(
  client: WebClient,
  team: Team,
  type: 'public' | 'private',
  name: string,
  members: User[] = []
) {
  const response = await client.post(`/api/v1/teams/${team.id}/channels`, {
    type,
    name,
    displayName: name,
  })
  expectStatus(response, 201)
  for (const member of members) {
    const added = await client.post(`/api/v1/channels/${response.body.id}/members`, {
      userId: member.id,
    })
    expectStatus(added, 201)
  }
  return response.body.id as string
}

/**
 * Use to post a message, or a reply (`rootId` alone or with a `clientId`), that the test needs
 * created.
 */
export async function send(
  client: WebClient,
  channelId: string,
  message: string,
  extra: string | { rootId?: string; clientId?: string } = {}
) {
  const fields = typeof extra === 'string' ? { rootId: extra } : extra
  const response = await client.post(`/api/v1/channels/${channelId}/posts`, { message, ...fields })
  return expectStatus(response, 201).body as PostJson
}

/**
 * Use to compare a page of posts (history, thread, saved, pinned) by the ids it lists, in order.
 */
export function ids(response: WebResponse) {
  return response.body.data.map((post: PostJson) => post.id)
}

/**
 * Use after tests that commit their data (search, email): removes a team with its channels, posts
 * and index rows (by cascade), its streams, and the given users.
 */
export async function removeTeam(team: Team, users: User[]) {
  const channels = await Channel.query().where('team_id', team.id)
  const streams = [
    `teams/${team.id}`,
    ...channels.map((channel) => channel.stream),
    ...users.map((user) => `users/${user.id}`),
  ]
  await db.from('stream_events').whereIn('stream', streams).delete()
  await db.from('stream_cursors').whereIn('stream', streams).delete()
  await db.from('teams').where('id', team.id).delete()
  await db
    .from('users')
    .whereIn(
      'id',
      users.map((user) => user.id)
    )
    .delete()
}

/*
|--------------------------------------------------------------------------
| Load test seed: users, channels, direct messages and history, by SQL
|--------------------------------------------------------------------------
|
| Run by bench/load/run.ts as a child process on an empty, migrated
| database (SQLite migrates itself on boot), before the server starts. Bulk
| inserts through the app's database service, as bench/seed.ts does:
|
| - one team; --users people `load0`, `load1`, … (password "bench password 1")
|   and `loadadmin`, a system and team admin that makes the boards;
| - `town-square` with everyone; --users / --users-per-channel public
|   channels `load-<n>` of about --members people each (everyone in one at
|   least); --dms direct messages per person with their neighbours;
| - --history messages in each public channel (twice that in town-square, a
|   tenth in each direct message), one in ten a reply, their threads
|   followed by their participants, a few unread for each member.
|
| Writes the plan the generator needs (ids, board channels) to --out as
| JSON. Boards and cards come later, over the API (bench/load/boards.ts).
|
*/
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { v7 as uuidv7 } from 'uuid'
import { bootApp, flag } from '../lib.js'
import { ADMIN_LOGIN, PASSWORD, WORDS, username, type Plan } from './plan.js'

const USERS = Number(flag('users', '100'))
const MEMBERS = Number(flag('members', '50'))
const USERS_PER_CHANNEL = Number(flag('users-per-channel', '20'))
const BOARD_EVERY = Number(flag('board-every', '3'))
const HISTORY = Number(flag('history', '100'))
const DMS = Number(flag('dms', '2'))
const OUT = flag('out', 'tmp/load/plan.json')
const BATCH = 500

let state = 7
function random() {
  state = (state * 1664525 + 1013904223) % 4294967296
  return state / 4294967296
}
const pickIndex = (length: number) => Math.floor(random() * length)
const message = () =>
  Array.from({ length: 6 + pickIndex(20) }, () => WORDS[pickIndex(WORDS.length)]).join(' ')

const app = await bootApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: hash } = await import('@adonisjs/core/services/hash')
const { dbTimestamp } = await import('#app/helpers/dates')
const connection = db.connection()
const now = Date.now()
const at = (msAgo = 0) => dbTimestamp(connection, new Date(now - msAgo))

const existing = await db.from('users').count('* as total').first()
if (Number(existing?.total ?? 0) > 0) {
  console.error('seed: the database is not empty')
  await app.terminate()
  process.exit(1)
}

const started = performance.now()
const teamId = uuidv7()
const userIds = Array.from({ length: USERS }, () => uuidv7())
const adminId = uuidv7()
const password = await hash.make(PASSWORD)

type Channel = {
  id: string
  type: 'public' | 'direct'
  name: string | null
  members: number[]
  isDefault?: boolean
  directKey?: string
  hasBoard?: boolean
}

/** Inserts rows in batches inside a transaction. */
async function insertAll(trx: any, table: string, rows: Record<string, unknown>[]) {
  for (let index = 0; index < rows.length; index += BATCH) {
    await trx.table(table).multiInsert(rows.slice(index, index + BATCH))
  }
}

function planChannels() {
  const everyone = userIds.map((_, index) => index)
  const channels: Channel[] = [
    { id: uuidv7(), type: 'public', name: 'town-square', members: everyone, isDefault: true },
  ]
  const count = Math.max(1, Math.ceil(USERS / USERS_PER_CHANNEL))
  const size = Math.min(MEMBERS, USERS)
  const memberships = new Uint16Array(USERS)
  const pool = [...everyone]
  for (let index = 0; index < count; index++) {
    // A partial Fisher-Yates shuffle: `size` distinct people.
    for (let slot = 0; slot < size; slot++) {
      const other = slot + pickIndex(pool.length - slot)
      ;[pool[slot], pool[other]] = [pool[other], pool[slot]]
    }
    const members = pool.slice(0, size)
    for (const member of members) memberships[member]++
    channels.push({
      id: uuidv7(),
      type: 'public',
      name: `load-${index}`,
      members,
      hasBoard: index % BOARD_EVERY === 0,
    })
  }
  for (const user of everyone) {
    if (memberships[user] === 0) channels[1 + (user % count)].members.push(user)
  }
  const pairs = new Set<string>()
  for (const user of everyone) {
    for (let step = 1; step <= DMS && USERS > 1; step++) {
      const other = (user + step) % USERS
      const ids = [userIds[user], userIds[other]].sort()
      const key = ids.join(':')
      if (user === other || pairs.has(key)) continue
      pairs.add(key)
      channels.push({
        id: uuidv7(),
        type: 'direct',
        name: null,
        members: [user, other],
        directKey: createHash('sha256').update(key).digest('hex'),
      })
    }
  }
  return channels
}

const channels = planChannels()

await db.transaction(async (trx) => {
  await trx.table('teams').insert({
    id: teamId,
    name: 'Load',
    invite_code: `load-${teamId}`,
    created_at: at(),
    updated_at: at(),
  })
  const people = [
    ...userIds.map((id, index) => ({ id, username: username(index), admin: false })),
    { id: adminId, username: ADMIN_LOGIN, admin: true },
  ]
  await insertAll(
    trx,
    'users',
    people.map((person) => ({
      id: person.id,
      username: person.username,
      email: `${person.username}@load.test`,
      display_name: person.username,
      password,
      is_admin: person.admin,
      created_at: at(),
      updated_at: at(),
    }))
  )
  await insertAll(
    trx,
    'team_members',
    people.map((person) => ({
      team_id: teamId,
      user_id: person.id,
      role: person.admin ? 'admin' : 'member',
      created_at: at(),
    }))
  )
  await insertAll(
    trx,
    'channels',
    channels.map((channel) => ({
      id: channel.id,
      team_id: teamId,
      type: channel.type,
      name: channel.name,
      display_name: channel.name ?? '',
      purpose: '',
      header: '',
      direct_key: channel.directKey ?? null,
      is_default: channel.isDefault ?? false,
      creator_id: adminId,
      created_at: at(),
      updated_at: at(),
    }))
  )
})

/** Messages, reads and thread follows of one channel. */
function history(channel: Channel, count: number) {
  const posts: Record<string, any>[] = []
  const roots: Record<string, any>[] = []
  const follows = new Map<string, Record<string, unknown>>()
  const follow = (userId: string, rootId: string) => {
    follows.set(`${userId} ${rootId}`, {
      user_id: userId,
      root_id: rootId,
      channel_id: channel.id,
      team_id: teamId,
      following: true,
      last_read_seq: 0,
    })
  }
  for (let seq = 1; seq <= count; seq++) {
    const createdAt = at((count - seq) * 60_000)
    const author = userIds[channel.members[pickIndex(channel.members.length)]]
    const root = roots.length > 0 && random() < 0.1 ? roots[pickIndex(roots.length)] : null
    const post: Record<string, any> = {
      id: uuidv7(),
      channel_id: channel.id,
      user_id: author,
      seq,
      root_id: root?.id ?? null,
      client_id: null,
      type: '',
      message: message(),
      mentions_all: false,
      reply_count: 0,
      last_reply_at: null,
      last_reply_id: null,
      created_at: createdAt,
    }
    if (root) {
      root.reply_count += 1
      root.last_reply_at = createdAt
      root.last_reply_id = post.id
      follow(root.user_id, root.id)
      follow(author, root.id)
    } else {
      roots.push(post)
    }
    posts.push(post)
  }
  const members = channel.members.map((member) => ({
    channel_id: channel.id,
    user_id: userIds[member],
    role: 'member',
    notify: 'default',
    last_read_seq: Math.max(0, count - pickIndex(6)),
    created_at: at(),
  }))
  if (channel.isDefault || channel.hasBoard) {
    const role = channel.isDefault ? 'member' : 'admin'
    members.push({ ...members[0], user_id: adminId, role, last_read_seq: count })
  }
  return { posts, members, follows: [...follows.values()] }
}

for (let index = 0; index < channels.length; index += 200) {
  await db.transaction(async (trx) => {
    for (const channel of channels.slice(index, index + 200)) {
      const count =
        channel.type === 'direct'
          ? Math.max(5, Math.round(HISTORY / 10))
          : channel.isDefault
            ? HISTORY * 2
            : HISTORY
      const { posts, members, follows } = history(channel, count)
      await insertAll(trx, 'channel_members', members)
      await insertAll(trx, 'posts', posts)
      await insertAll(trx, 'thread_follows', follows)
      await trx.table('stream_cursors').insert({ stream: `channels/${channel.id}`, seq: count })
    }
  })
}
if (connection.dialect.name === 'postgres') await db.rawQuery('ANALYZE')

const boardChannels = channels
  .filter((channel) => channel.hasBoard)
  .map((channel) => ({ id: channel.id, name: channel.name!, members: channel.members }))
const plan: Plan = { teamId, adminLogin: ADMIN_LOGIN, userIds, boardChannels }
writeFileSync(OUT, JSON.stringify(plan))
const publicCount = channels.filter((channel) => channel.type === 'public').length
console.log(
  `seeded ${USERS} users, ${publicCount} public channels, ${channels.length - publicCount} ` +
    `direct messages in ${Math.round(performance.now() - started)} ms on ${connection.dialect.name}`
)
await app.terminate()

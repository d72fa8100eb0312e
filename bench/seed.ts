/*
|--------------------------------------------------------------------------
| Seeder: a large chat history, fast
|--------------------------------------------------------------------------
|
| Fills an empty, migrated database with --users (2,000), --channels (1,000)
| and --posts (1,000,000) over one team, by bulk inserts, with a progress bar.
| One in ten posts is a reply. Every user's password is "bench password 1";
| the user `bench` belongs to every channel. Index the posts for search
| afterwards with `node ace search:reindex`.
|
*/
import { SingleBar, Presets } from 'cli-progress'
import { v7 as uuidv7 } from 'uuid'
import { bootApp, flag, printCommand, round } from './lib.js'

const USERS = Number(flag('users', '2000'))
const CHANNELS = Number(flag('channels', '1000'))
const POSTS = Number(flag('posts', '1000000'))
const MEMBERS_PER_CHANNEL = Number(flag('members', '20'))
/** Rows per insert: SQLite builds a multi-row insert as one compound SELECT, of at most 500. */
const BATCH = 500

const WORDS = (
  'the a to and of we it is in for on this that ship deploy review merge fix bug board card ' +
  'sprint meeting today tomorrow please thanks done blocked waiting test build release api ' +
  'database query index latency cache queue worker retry timeout alert ok sounds good lgtm'
).split(' ')

/** Deterministic pseudo-random numbers, so two seeds of the same size match. */
let state = 42
function random() {
  state = (state * 1664525 + 1013904223) % 4294967296
  return state / 4294967296
}
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]

function message() {
  const length = 6 + Math.floor(random() * 20)
  return Array.from({ length }, () => pick(WORDS)).join(' ')
}

const app = await bootApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: hash } = await import('@adonisjs/core/services/hash')
const { dbTimestamp } = await import('#app/helpers/dates')
const connection = db.connection()
const at = (date: Date) => dbTimestamp(connection, date)

const existing = await db.from('posts').count('* as total').first()
if (Number(existing?.total ?? 0) > 0) {
  console.error('The database already has posts: seed an empty, migrated database.')
  await app.terminate()
  process.exit(1)
}

const started = performance.now()
const now = Date.now()
const password = await hash.make('bench password 1')
const teamId = uuidv7()
const users = Array.from({ length: USERS }, (_, index) => ({
  id: uuidv7(),
  username: index === 0 ? 'bench' : `user${index}`,
}))

await db.transaction(async (trx) => {
  await trx.table('teams').insert({
    id: teamId,
    name: 'Bench',
    invite_code: `bench-${teamId}`,
    created_at: at(new Date(now)),
    updated_at: at(new Date(now)),
  })
  for (let i = 0; i < users.length; i += BATCH) {
    const slice = users.slice(i, i + BATCH)
    await trx.table('users').multiInsert(
      slice.map((user) => ({
        id: user.id,
        username: user.username,
        email: `${user.username}@bench.test`,
        display_name: user.username,
        password,
        is_admin: user.username === 'bench',
        created_at: at(new Date(now)),
        updated_at: at(new Date(now)),
      }))
    )
    await trx.table('team_members').multiInsert(
      slice.map((user) => ({
        team_id: teamId,
        user_id: user.id,
        role: 'member',
        created_at: at(new Date(now)),
      }))
    )
  }
})

const channels = Array.from({ length: CHANNELS }, (_, index) => ({
  id: uuidv7(),
  name: `channel-${index}`,
  members: [users[0], ...Array.from({ length: MEMBERS_PER_CHANNEL - 1 }, () => pick(users))],
}))
await db.transaction(async (trx) => {
  const rows = channels.map((channel) => ({
    id: channel.id,
    team_id: teamId,
    type: 'public',
    name: channel.name,
    display_name: channel.name,
    purpose: '',
    header: '',
    is_default: false,
    created_at: at(new Date(now)),
    updated_at: at(new Date(now)),
  }))
  for (let i = 0; i < rows.length; i += BATCH) {
    await trx.table('channels').multiInsert(rows.slice(i, i + BATCH))
  }
  const memberships = channels.flatMap((channel) =>
    [...new Map(channel.members.map((user) => [user.id, user])).values()].map((user) => ({
      channel_id: channel.id,
      user_id: user.id,
      role: user.username === 'bench' ? 'admin' : 'member',
      notify: 'default',
      last_read_seq: 0,
      created_at: at(new Date(now)),
    }))
  )
  for (let i = 0; i < memberships.length; i += BATCH) {
    await trx.table('channel_members').multiInsert(memberships.slice(i, i + BATCH))
  }
})

const bar = new SingleBar(
  { format: 'posts [{bar}] {percentage}% | {value}/{total} | {rate} posts/s | eta {eta}s' },
  Presets.shades_classic
)
bar.start(POSTS, 0, { rate: 0 })
const perChannel = Math.ceil(POSTS / CHANNELS)
let inserted = 0
for (const channel of channels) {
  const count = Math.min(perChannel, POSTS - inserted)
  if (count <= 0) break
  const rows: Record<string, unknown>[] = []
  const roots: Record<string, any>[] = []
  for (let seq = 1; seq <= count; seq++) {
    const createdAt = new Date(now - (count - seq) * 60_000)
    const root =
      roots.length > 0 && random() < 0.1
        ? roots[roots.length - 1 - Math.floor(random() * Math.min(roots.length, 20))]
        : null
    const id = uuidv7()
    const row: Record<string, any> = {
      id,
      channel_id: channel.id,
      user_id: pick(channel.members).id,
      seq,
      root_id: root?.id ?? null,
      client_id: null,
      type: '',
      message: message(),
      mentions_all: false,
      reply_count: 0,
      last_reply_at: null,
      last_reply_id: null,
      created_at: at(createdAt),
    }
    if (root) {
      root.reply_count += 1
      root.last_reply_at = at(createdAt)
      root.last_reply_id = id
    } else {
      roots.push(row)
    }
    rows.push(row)
  }
  await db.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx.table('posts').multiInsert(rows.slice(i, i + BATCH))
    }
    await trx.table('stream_cursors').insert({ stream: `channels/${channel.id}`, seq: count })
  })
  inserted += count
  const seconds = (performance.now() - started) / 1000
  bar.update(inserted, { rate: Math.round(inserted / seconds) })
}
bar.stop()

const seconds = (performance.now() - started) / 1000
console.log(
  `seeded ${USERS} users, ${CHANNELS} channels, ${inserted} posts in ${round(seconds)} s ` +
    `(${Math.round(inserted / seconds)} posts/s) on ${connection.dialect.name}`
)
printCommand()
// Fresh statistics, or the planner picks poor plans until autovacuum gets round to it.
if (connection.dialect.name === 'postgres') await db.rawQuery('ANALYZE')
await app.terminate()

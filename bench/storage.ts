/*
|--------------------------------------------------------------------------
| Bytes per post on PostgreSQL
|--------------------------------------------------------------------------
|
| Needs a database filled by bench/seed.ts. Prints the size of the posts
| table (heap, TOAST and every index) divided by its rows, after VACUUM
| ANALYZE so the figures are settled.
|
*/
import pg from 'pg'
import { benchDatabase, printCommand, round } from './lib.js'

const client = new pg.Client(benchDatabase)
await client.connect()
await client.query('vacuum analyze posts')
const { rows } = await client.query(`
  select count(*)::bigint as posts,
         pg_relation_size('posts') as heap,
         pg_total_relation_size('posts') - pg_relation_size('posts') - pg_indexes_size('posts') as toast,
         pg_indexes_size('posts') as indexes,
         pg_total_relation_size('posts') as total,
         avg(octet_length(message))::numeric(10,1) as message_bytes
  from posts`)
const indexes = await client.query(`
  select indexrelname as name, pg_relation_size(indexrelid) as bytes
  from pg_stat_user_indexes where relname = 'posts' order by bytes desc`)
const [sizes] = rows
const count = Number(sizes.posts)
const per = (bytes: string | number) => round(Number(bytes) / count)
console.log(`${count} posts, average message ${sizes.message_bytes} bytes`)
console.log(`  table ${per(sizes.heap)} B/post, toast ${per(sizes.toast)} B/post`)
for (const index of indexes.rows) console.log(`  index ${index.name}: ${per(index.bytes)} B/post`)
console.log(`total: ${per(sizes.total)} bytes per post including indexes (target <= 600)`)
printCommand()
await client.end()

import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp, isoFromDb } from '#app/helpers/dates'
import { hasLink, indexTokens } from '#chat/services/search/tokenizer'
import { searchBackend, type SearchBackend } from '#chat/services/search/backends'
import type { PostLike } from '#chat/transformers/post_transformer'
import type Post from '#chat/models/post'
import { searchableTypes } from '#chat/services/extensions'
import { DateTime } from 'luxon'

/** Index rows written per insert: SQLite allows 500 terms in one compound SELECT. */
const INSERT_ROWS = 500

type Indexable = Pick<
  PostLike,
  'id' | 'channelId' | 'userId' | 'rootId' | 'type' | 'message' | 'deletedAt'
> & { fileCount?: number; createdAt: DateTime | string | null }

function indexableFromRow(row: Record<string, any>): Indexable {
  return {
    id: row.id,
    channelId: row.channel_id,
    userId: row.user_id,
    rootId: row.root_id,
    type: row.type,
    message: row.message,
    deletedAt: row.deleted_at,
    fileCount: Number(row.file_count),
    createdAt: isoFromDb(row.created_at),
  }
}

/**
 * Whether a post belongs in the index: people's messages and the types
 * other modules register (a card's own post), not deleted ones or notices.
 */
function searchable(post: Indexable) {
  return (
    !post.deletedAt &&
    searchableTypes.has(post.type) &&
    (post.message !== '' || (post.fileCount ?? 0) > 0)
  )
}

function createdAt(post: Indexable) {
  const value = post.createdAt
  if (value instanceof DateTime) return value
  return value ? DateTime.fromISO(value) : DateTime.now()
}

/**
 * Keeps the search index in step with posts. Writes happen in the post's
 * own transaction, so a post and its index row commit together.
 */
export default class SearchIndex {
  #backend: SearchBackend

  constructor(private client: QueryClientContract = db.connection()) {
    this.#backend = searchBackend(client.dialect.name, (sql, bindings) =>
      client.knexRawQuery(sql, bindings as any[])
    )
  }

  #row(post: Indexable) {
    const backend = this.#backend
    return {
      post_id: post.id,
      channel_id: post.channelId,
      user_id: post.userId,
      root_id: post.rootId,
      has_file: (post.fileCount ?? 0) > 0,
      has_link: hasLink(post.message),
      created_at: dbTimestamp(this.client, createdAt(post)),
      ...backend.document(indexTokens(post.message)),
    }
  }

  /** Adds or refreshes posts (after a write or during a rebuild); drops unsearchable ones. */
  async save(posts: Array<Indexable | Post>) {
    const keep = posts.filter(searchable)
    const drop = posts.filter((post) => !searchable(post)).map((post) => post.id)
    // SQLite builds a multi-row insert as one compound SELECT, of at most 500 terms.
    for (let start = 0; start < keep.length; start += INSERT_ROWS) {
      await this.client
        .insertQuery()
        .table('post_search')
        .multiInsert(keep.slice(start, start + INSERT_ROWS).map((post) => this.#row(post)))
        .knexQuery.onConflict('post_id')
        .merge()
    }
    if (drop.length > 0) await this.remove(drop)
  }

  async remove(postIds: string[]) {
    await this.client.from('post_search').whereIn('post_id', postIds).delete()
  }

  /**
   * Rebuilds the index from the posts table in batches, in place: searches
   * keep working meanwhile. Reports progress as posts are done.
   */
  async rebuild(options: { batchSize: number; onProgress?: (done: number) => void }) {
    let after: string | null = null
    let done = 0
    for (;;) {
      const query = this.client.from('posts')
      if (after !== null) query.where('id', '>', after)
      const rows: Record<string, any>[] = await query
        .orderBy('id', 'asc')
        .limit(options.batchSize)
        .select(
          'id',
          'channel_id',
          'user_id',
          'root_id',
          'type',
          'message',
          'file_count',
          'deleted_at',
          'created_at'
        )
      if (rows.length === 0) break
      await this.save(rows.map(indexableFromRow))
      after = rows[rows.length - 1].id
      done += rows.length
      options.onProgress?.(done)
    }
    // Rows whose post has gone (it cannot happen through Hearth, but a restored backup might).
    await this.client
      .from('post_search')
      .whereNotExists((query) => query.from('posts').whereRaw('posts.id = post_search.post_id'))
      .delete()
    if (this.client.dialect.name === 'better-sqlite3') {
      await this.client.rawQuery("INSERT INTO post_search_fts(post_search_fts) VALUES ('optimize')")
    }
    return done
  }
}

import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { Knex } from 'knex'
import type User from '#app/models/user'
import type { TeamAccess } from '#app/services/team_service'
import UserService from '#app/services/user_service'
import ApiError from '#app/exceptions/api_error'
import { dbTimestamp } from '#app/helpers/dates'
import { decodeCursor, encodeCursor } from '#app/helpers/pagination'
import { searchBackend, type Relevance } from '#chat/services/search/backends'
import {
  parseSearchQuery,
  SearchQueryError,
  type ParsedQuery,
} from '#chat/services/search/query_parser'
import { snippet } from '#chat/services/search/snippet'
import PostReader from '#chat/services/post_reader'
import { POST_COLUMNS, postFromRow, transformPost } from '#chat/transformers/post_transformer'

export type SearchParams = {
  q: string
  after?: string
  limit?: number
  sort?: 'relevance' | 'newest'
  timeZone?: string
}

/** How many of the most recent matches relevance ranks (docs/search.md). */
export const RELEVANCE_WINDOW = 1000

type ChannelRow = { id: string; name: string | null; display_name: string; type: string }

/**
 * Full-text search over a team's messages, as one user may see them: the
 * channels they are in, plus a public channel they have not joined when
 * they name it with `in:`. One parsed query, one backend per database, a
 * bounded number of queries per page whatever its size.
 */
export default class SearchService {
  async search(user: User, { team, membership }: TeamAccess, params: SearchParams) {
    const parsed = this.#parse(params.q)
    const zone = params.timeZone ?? 'UTC'
    const [scope, authors] = await Promise.all([
      this.#channels(user, team.id, membership?.role === 'guest', parsed.in),
      this.#authors(user, parsed.from),
    ])
    const limit = params.limit ?? 20
    const sort = parsed.terms.length === 0 ? 'newest' : (params.sort ?? 'relevance')
    if (scope.size === 0) return { data: [], next: null }

    const query = db
      .knexQuery()
      .from('post_search as s')
      .join('posts as p', 'p.id', 's.post_id')
      .whereIn('s.channel_id', [...scope.keys()])
      .select(POST_COLUMNS.map((column) => column.replace('posts.', 'p.')))
      .select('s.id as search_id')
    if (authors.length) query.whereIn('s.user_id', authors)
    this.#filters(query, parsed, zone)

    const backend = searchBackend(db.connection().dialect.name, (sql, bindings) =>
      db.knexRawQuery(sql, bindings as any[])
    )
    const words = parsed.terms.length + parsed.excluded.length > 0
    const relevance = words ? backend.match(query, parsed.terms, parsed.excluded) : null
    const byScore = sort === 'relevance' ? relevance : null
    const rows = await this.#page(query, byScore, params.after, limit)

    const hasMore = rows.length > limit
    const page = rows.slice(0, limit)
    return {
      data: await this.#results(user, page, scope, parsed),
      next: hasMore ? this.#cursor(page[page.length - 1], byScore !== null) : null,
    }
  }

  #parse(text: string) {
    try {
      return parseSearchQuery(text)
    } catch (error) {
      if (error instanceof SearchQueryError) throw ApiError.invalid('q', error.code, error.message)
      throw error
    }
  }

  /**
   * The channels to search, by id: those the user is in, or those named by
   * `in:` that the user may see. A name they may not see is unknown.
   */
  async #channels(user: User, teamId: string, isGuest: boolean, names: string[]) {
    const query = db
      .from('channels as c')
      .leftJoin('channel_members as cm', (join) => {
        join.on('cm.channel_id', '=', 'c.id').andOnVal('cm.user_id', '=', user.id)
      })
      .where('c.team_id', teamId)
      .select('c.id', 'c.name', 'c.display_name', 'c.type', 'cm.id as member_id')
    if (names.length === 0) query.whereNotNull('cm.id')
    else query.whereIn('c.name', names)
    const rows = await query
    const visible = rows.filter(
      (row) => row.member_id !== null || (row.type === 'public' && !isGuest)
    )
    const found = new Set(visible.map((row) => row.name))
    const missing = names.find((name) => !found.has(name))
    if (missing) {
      throw ApiError.invalid('q', 'unknown_channel', `There is no channel ~${missing} you can see`)
    }
    return new Map<string, ChannelRow>(visible.map((row) => [row.id, row]))
  }

  /**
   * The ids of the users `from:` names. Someone the user may not know of
   * (sharing no team with them, UserService.findVisible) is unknown, exactly
   * like a name nobody has.
   */
  async #authors(user: User, usernames: string[]) {
    if (usernames.length === 0) return []
    const rows = await db.from('users').whereIn('username', usernames).select('id', 'username')
    const visible = new Set(
      await new UserService().visibleIds(
        user,
        rows.map((row) => row.id)
      )
    )
    const known = rows.filter((row) => visible.has(row.id))
    const missing = usernames.find((name) => !known.some((row) => row.username === name))
    if (missing) throw ApiError.invalid('q', 'unknown_user', `There is no user @${missing}`)
    return known.map((row) => row.id as string)
  }

  /** Dates, files, links, pins, threads and cards. Dates are days in the caller's time zone. */
  #filters(query: Knex.QueryBuilder, parsed: ParsedQuery, zone: string) {
    const day = (date: string) => DateTime.fromISO(date, { zone }).startOf('day')
    const at = (value: DateTime) => dbTimestamp(db.connection(), value)
    for (const date of parsed.before) query.where('s.created_at', '<', at(day(date)))
    for (const date of parsed.after)
      query.where('s.created_at', '>=', at(day(date).plus({ days: 1 })))
    for (const date of parsed.on) {
      query.where('s.created_at', '>=', at(day(date)))
      query.where('s.created_at', '<', at(day(date).plus({ days: 1 })))
    }
    if (parsed.hasFile) query.where('s.has_file', true)
    if (parsed.hasLink) query.where('s.has_link', true)
    if (parsed.isPinned) query.whereNotNull('p.pinned_at')
    if (parsed.isThread) {
      query.where((inner) => inner.whereNotNull('s.root_id').orWhere('p.reply_count', '>', 0))
    }
    if (parsed.inBoards) query.where('p.type', 'card')
  }

  /**
   * One page after the cursor, newest first, or best first (then newest).
   * Relevance ranks the RELEVANCE_WINDOW most recent matches: on a common
   * word over a million posts, ranking every match would take seconds,
   * while the newest matches come straight off an index.
   */
  async #page(
    query: Knex.QueryBuilder,
    relevance: Relevance | null,
    after: string | undefined,
    limit: number
  ) {
    const cursor = after === undefined ? null : this.#decode(after, relevance !== null)
    const newest = [
      { column: 's.created_at', order: 'desc' as const },
      { column: 's.id', order: 'desc' as const },
    ]
    if (!relevance) {
      if (cursor) {
        const [createdAt, id] = cursor as [string, number]
        const value = dbTimestamp(db.connection(), DateTime.fromISO(createdAt))
        query.where((inner) =>
          inner
            .where('s.created_at', '<', value)
            .orWhere((tie) => tie.where('s.created_at', '=', value).andWhere('s.id', '<', id))
        )
      }
      return (await query.orderBy(newest).limit(limit + 1)) as Record<string, any>[]
    }

    query.orderBy(newest).limit(RELEVANCE_WINDOW)
    if (relevance.inside) query.select({ score: relevance.score })
    else query.select('s.vector')
    const score = relevance.inside ? db.knexRawQuery('s.score') : relevance.score
    const ranked = db
      .knexQuery()
      .from(query.as('s'))
      .select(POST_COLUMNS.map((column) => column.replace('posts.', 's.')))
      .select('s.search_id', { score })
    if (cursor) {
      const [value, id] = cursor as [number, number]
      ranked.where((inner) =>
        inner
          .where(score, '<', value)
          .orWhere((tie) => tie.where(score, '=', value).andWhere('s.search_id', '<', id))
      )
    }
    ranked.orderBy([
      { column: 'score', order: 'desc' },
      { column: 's.search_id', order: 'desc' },
    ])
    return (await ranked.limit(limit + 1)) as Record<string, any>[]
  }

  #cursor(row: Record<string, any>, byScore: boolean) {
    const id = Number(row.search_id)
    return encodeCursor(byScore ? [Number(row.score), id] : [postFromRow(row).createdAt, id])
  }

  #decode(cursor: string, byScore: boolean) {
    const value = decodeCursor(cursor, 'after')
    const valid =
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isInteger(value[1]) &&
      (byScore ? typeof value[0] === 'number' : DateTime.fromISO(String(value[0])).isValid)
    if (!valid) {
      throw ApiError.invalid('after', 'invalid_cursor', 'The cursor is not one this server issued')
    }
    return value
  }

  /** Each match with its channel, its thread's root and a highlighted snippet. */
  async #results(
    user: User,
    rows: Record<string, any>[],
    channels: Map<string, ChannelRow>,
    parsed: ParsedQuery
  ) {
    const reader = new PostReader()
    const posts = rows.map(postFromRow)
    const rootIds = [...new Set(posts.map((post) => post.rootId).filter((id) => id !== null))]
    const rootPosts = await reader.byIds(rootIds)
    const roots = new Map(rootPosts.map((root) => [root.id, root]))
    const extras = await reader.extras([...posts, ...roots.values()], user)
    return posts.map((post, index) => {
      const channel = channels.get(post.channelId)!
      const root = post.rootId ? roots.get(post.rootId) : undefined
      return {
        post: transformPost(post, extras),
        channel: {
          id: channel.id,
          name: channel.name,
          displayName: channel.display_name,
          type: channel.type,
        },
        root: root ? transformPost(root, extras) : null,
        snippet: snippet(post.message, parsed.terms),
        score: rows[index].score === undefined ? null : Number(rows[index].score),
      }
    })
  }
}

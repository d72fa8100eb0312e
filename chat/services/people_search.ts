import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import User from '#app/models/user'
import { searchWords } from '#app/helpers/text'
import { prefixEnd } from '#app/helpers/user_search'

/** A query's words past this many are ignored (a name rarely has more). */
const MAX_QUERY_WORDS = 4

type PeopleQuery = { q: string; teamId?: string; limit?: number }

/**
 * User search for autocomplete and new direct messages. Like Mattermost,
 * a team member finds the active people of their teams, and a guest only
 * the people they share a channel with. Each word of the query must start
 * a word of the username or display name (ignoring case and accents);
 * an exact username comes first, then username prefixes, then first
 * names, then other words, each by username.
 */
export default class PeopleSearch {
  async search(viewer: User, { q, teamId, limit = 20 }: PeopleQuery) {
    const words = searchWords(q.replace(/^@+/, ''))
      .sort((a, b) => b.length - a.length)
      .slice(0, MAX_QUERY_WORDS)
    if (words.length === 0) return []
    const [driving, ...others] = words
    const exact = words.length === 1 ? driving : ''
    const query = db
      .from('user_search_terms as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.term', '>=', driving)
      .where('t.term', '<', prefixEnd(driving))
      .whereNull('u.deactivated_at')
      .where((scope) => this.#scope(scope, viewer.id, teamId))
      .groupBy('t.user_id', 'u.username')
      .select('t.user_id', 'u.username')
      .select(
        db.raw('min(case when t.term = ? and t.weight = 0 then -1 else t.weight end) as best', [
          exact,
        ])
      )
      .orderBy('best')
      .orderBy('u.username')
      .limit(limit)
    for (const word of others) {
      query.whereExists((sub) =>
        sub
          .from('user_search_terms as w')
          .whereColumn('w.user_id', 't.user_id')
          .where('w.term', '>=', word)
          .where('w.term', '<', prefixEnd(word))
      )
    }
    const rows: { user_id: string }[] = await query
    const users = await User.query().whereIn(
      'id',
      rows.map((row) => row.user_id)
    )
    const byId = new Map(users.map((user) => [user.id, user]))
    return rows.map((row) => byId.get(row.user_id)!).filter(Boolean)
  }

  /**
   * Whom the viewer may find: people of the teams they belong to as more
   * than a guest, and anyone they share a channel with (all a guest sees).
   */
  #scope(scope: DatabaseQueryBuilderContract, viewerId: string, teamId?: string) {
    scope
      .whereExists((sub) => {
        sub
          .from('team_members as mine')
          .join('team_members as theirs', 'theirs.team_id', 'mine.team_id')
          .where('mine.user_id', viewerId)
          .whereNot('mine.role', 'guest')
          .whereColumn('theirs.user_id', 't.user_id')
        if (teamId) sub.where('mine.team_id', teamId)
      })
      .orWhereExists((sub) => {
        sub
          .from('channel_members as mine')
          .join('channel_members as theirs', 'theirs.channel_id', 'mine.channel_id')
          .where('mine.user_id', viewerId)
          .whereColumn('theirs.user_id', 't.user_id')
        if (teamId) {
          sub.join('channels as c', 'c.id', 'mine.channel_id').where('c.team_id', teamId)
        }
      })
  }
}

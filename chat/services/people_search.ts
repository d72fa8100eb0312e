import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import { SEARCH_WORD_LENGTH, searchWords, truncate } from '#app/helpers/text'
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
    const typed = q.trim().toLowerCase().replace(/^@+/, '')
    const words = searchWords(typed).slice(0, MAX_QUERY_WORDS)
    if (words.length === 0) return []
    const [driving, ...others] = words
    const query = db
      .from(this.#visible(viewer.id, teamId).as('v'))
      .join('user_search_terms as t', 't.user_id', 'v.user_id')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.term', '>=', driving)
      .where('t.term', '<', prefixEnd(driving))
      .whereNull('u.deactivated_at')
      .groupBy('t.user_id', 'u.username')
      .select('t.user_id', 'u.username')
      .select(
        db.raw('min(case when t.term = ? and t.weight = 0 then -1 else t.weight end) as best', [
          truncate(typed, SEARCH_WORD_LENGTH),
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
    if (rows.length === 0) return []
    const users = await User.query().whereIn(
      'id',
      rows.map((row) => row.user_id)
    )
    const byId = new Map(users.map((user) => [user.id, user]))
    return rows.flatMap((row) => byId.get(row.user_id) ?? [])
  }

  /**
   * The ids of the people the viewer may find: those of the teams they
   * belong to as more than a guest, and, in a team where they are a guest,
   * those of the channels they are in. The search starts from this set, so
   * its cost follows the viewer's teams, not the people outside them.
   */
  #visible(viewerId: string, teamId?: string) {
    const teammates = db
      .from('team_members as mine')
      .join('team_members as theirs', 'theirs.team_id', 'mine.team_id')
      .where('mine.user_id', viewerId)
      .whereNot('mine.role', 'guest')
      .select('theirs.user_id')
    const channelmates = db
      .from('team_members as mine')
      .join('channels as c', 'c.team_id', 'mine.team_id')
      .join('channel_members as m', (on) =>
        on.on('m.channel_id', 'c.id').andOnVal('m.user_id', viewerId)
      )
      .join('channel_members as theirs', 'theirs.channel_id', 'c.id')
      .where('mine.user_id', viewerId)
      .where('mine.role', 'guest')
      .select('theirs.user_id')
    if (teamId) {
      teammates.where('mine.team_id', teamId)
      channelmates.where('mine.team_id', teamId)
    }
    return teammates.union(channelmates)
  }
}

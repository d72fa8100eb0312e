import db from '@adonisjs/lucid/services/db'
import type UserProfileChanged from '#app/events/user_profile_changed'
import { transformUser } from '#app/transformers/user_transformer'
import { withEvents } from '#chat/services/event_log'

/**
 * Tells every team a user belongs to that their public names changed, as `user.updated` on
 * each team stream. Logged, so a teammate's catch-up replays it; only the public fields go
 * out (never the email).
 */
export default class BroadcastProfileChanges {
  async handle({ user }: UserProfileChanged) {
    const rows = await db.from('team_members').where('user_id', user.id).select('team_id')
    if (rows.length === 0) return
    const data = { user: transformUser(user) }
    await withEvents(async (_trx, recorder) => {
      for (const row of rows) await recorder.record(`teams/${row.team_id}`, 'user.updated', data)
    })
  }
}

import db from '@adonisjs/lucid/services/db'
import { presence } from '#chat/realtime/presence'
import { dispatchEphemeral } from '#chat/services/event_log'

/**
 * Tells the user's teams their presence now. Ephemeral: presence is not
 * replayed by catch-up (the presence endpoint answers the current state).
 */
export async function announcePresence(userId: string) {
  const teams = await db.from('team_members').where('user_id', userId).select('team_id')
  await dispatchEphemeral(
    teams.map((row) => `teams/${row.team_id}`),
    'presence.changed',
    { userId, status: presence.statusOf(userId) }
  )
}

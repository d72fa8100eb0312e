import db from '@adonisjs/lucid/services/db'
import transmit from '@adonisjs/transmit/services/main'
import { presence } from '#chat/realtime/presence'

/**
 * Tells the user's teams their presence now. Ephemeral: presence is not
 * replayed by catch-up (the presence endpoint answers the current state).
 */
export async function announcePresence(userId: string) {
  const status = presence.statusOf(userId)
  const teams = await db.from('team_members').where('user_id', userId).select('team_id')
  const envelope = {
    type: 'presence.changed',
    seq: null,
    at: new Date().toISOString(),
    data: { userId, status },
  }
  for (const { team_id: teamId } of teams) transmit.broadcast(`teams/${teamId}`, envelope)
}

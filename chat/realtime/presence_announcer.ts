import db from '@adonisjs/lucid/services/db'
import { presence, type PresenceStatus } from '#chat/realtime/presence'
import { dispatchEphemeral } from '#chat/services/event_log'

/**
 * Presence as others see it: `dnd` for someone with a stream open (online or away) while
 * their do-not-disturb lasts; otherwise what the heartbeats and streams say.
 */
export async function statusesOf(userIds: string[], now = Date.now()) {
  const statuses = new Map<string, PresenceStatus>()
  for (const userId of userIds) statuses.set(userId, presence.statusOf(userId, now))
  const present = userIds.filter((userId) => statuses.get(userId) !== 'offline')
  if (present.length === 0) return statuses
  const resting = await db
    .from('notification_settings')
    .whereIn('user_id', present)
    .whereNotNull('dnd_until')
    .select('user_id', 'dnd_until')
  for (const row of resting) {
    if (new Date(row.dnd_until).getTime() > now) statuses.set(row.user_id, 'dnd')
  }
  return statuses
}

/** One person's presence as others see it. */
export async function statusOf(userId: string) {
  const statuses = await statusesOf([userId])
  return statuses.get(userId)!
}

/**
 * Tells the user's teams their presence now. Ephemeral: presence is not
 * replayed by catch-up (the presence endpoint answers the current state).
 */
export async function announcePresence(userId: string, status?: PresenceStatus) {
  const now = status ?? (await statusOf(userId))
  presence.told(userId, now)
  const teams = await db.from('team_members').where('user_id', userId).select('team_id')
  await dispatchEphemeral(
    teams.map((row) => `teams/${row.team_id}`),
    'presence.changed',
    { userId, status: now }
  )
}

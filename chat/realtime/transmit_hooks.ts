import logger from '@adonisjs/core/services/logger'
import transmit from '@adonisjs/transmit/services/main'
import { connections } from '#chat/realtime/connections'
import { presence } from '#chat/realtime/presence'
import { announcePresence } from '#chat/realtime/presence_announcer'

/**
 * Follows SSE connections as they close for presence: the last stream of a
 * user closing takes them offline. The registry forgets each stream itself
 * (connections.add), by the stream rather than its uid, so a uid reopened
 * meanwhile stays registered.
 */
export function watchConnections() {
  transmit.on('disconnect', async ({ context }) => {
    const userId = context.auth.user?.id
    if (!userId || connections.isConnected(userId)) return
    presence.forget(userId)
    try {
      await announcePresence(userId)
    } catch (error) {
      logger.warn({ err: error, userId }, 'could not announce presence after a disconnect')
    }
  })
}

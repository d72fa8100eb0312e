import logger from '@adonisjs/core/services/logger'
import transmit from '@adonisjs/transmit/services/main'
import { connections } from '#chat/realtime/connections'
import { presence } from '#chat/realtime/presence'
import { announcePresence } from '#chat/realtime/presence_announcer'

/**
 * Follows SSE connections as they open and close: the registry of who owns
 * which connection, and presence (a first stream brings a user online, the
 * last one closing takes them offline).
 */
export function watchConnections() {
  transmit.on('disconnect', async ({ uid }) => {
    const userId = connections.remove(uid)
    if (!userId || connections.isConnected(userId)) return
    presence.forget(userId)
    try {
      await announcePresence(userId)
    } catch (error) {
      logger.warn({ err: error, userId }, 'could not announce presence after a disconnect')
    }
  })
}

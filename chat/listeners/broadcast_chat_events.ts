import transmit from '@adonisjs/transmit/services/main'
import type ChatEventsRecorded from '#chat/events/chat_events_recorded'
import { connections } from '#chat/realtime/connections'

/**
 * Delivers committed chat events to SSE subscribers of their stream. A
 * member removed from a channel is told, then unsubscribed from it on every
 * connection they have, so nothing more reaches them from that channel.
 */
export default class BroadcastChatEvents {
  async handle({ events }: ChatEventsRecorded) {
    for (const { stream, envelope } of events) {
      transmit.broadcast(stream, envelope as any)
      if (envelope.type === 'channel.member_removed' && stream.startsWith('channels/')) {
        await unsubscribeUser(String(envelope.data.userId), stream)
      }
    }
  }
}

/** Ends a user's subscription to a stream on all of their connections. */
export async function unsubscribeUser(userId: string, stream: string) {
  for (const uid of connections.uidsOf(userId)) {
    await transmit.unsubscribe({ uid, channel: stream })
  }
}

import transmit from '@adonisjs/transmit/services/main'
import type ChatEventsRecorded from '#chat/events/chat_events_recorded'
import { connections } from '#chat/realtime/connections'
import { whoCanSee } from '#chat/services/channel_access'
import type { Envelope } from '#chat/services/event_log'

/**
 * Delivers committed chat events to SSE subscribers of their stream. A
 * member removed from a channel is told, then unsubscribed from it on every
 * connection they have, so nothing more reaches them from that channel. An
 * event about a channel on a team stream skips the subscribers who may not
 * see that channel (guests outside it), as catch-up does.
 */
export default class BroadcastChatEvents {
  async handle({ events }: ChatEventsRecorded) {
    for (const { stream, envelope } of events) {
      const hidden = await hiddenFrom(stream, envelope)
      // broadcastExcept stays in this process: a shared transport must filter on each instance.
      if (hidden.length > 0) transmit.broadcastExcept(stream, envelope as any, hidden)
      else transmit.broadcast(stream, envelope as any)
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

/** The connections on a team stream that may not see the channel an event is about. */
async function hiddenFrom(stream: string, envelope: Envelope) {
  const channel = envelope.data.channel as { id?: string } | undefined
  if (!stream.startsWith('teams/') || typeof channel?.id !== 'string') return []
  const listening = transmit.getSubscribersFor(stream).flatMap((uid) => {
    return connections.get(uid) ?? []
  })
  const seeing = await whoCanSee(
    channel.id,
    listening.map((connection) => connection.user)
  )
  return listening
    .filter((connection) => !seeing.has(connection.user))
    .map((connection) => connection.uid)
}

import transmit from '@adonisjs/transmit/services/main'
import type TeamMemberRoleChanged from '#app/events/team_member_role_changed'
import { connections } from '#chat/realtime/connections'
import { canFollowStream } from '#chat/services/stream_access'

/**
 * A role change takes effect on live streams at once: every subscription
 * of the user's connections is checked again with the rules that let it
 * in, and ended where they no longer do (a member demoted to guest stops
 * receiving the public channels they only watched).
 */
export default class RecheckSubscriptions {
  async handle({ userId }: TeamMemberRoleChanged) {
    for (const connection of connections.of(userId)) {
      for (const stream of connections.subscriptionsOf(connection)) {
        if (await canFollowStream(connection.user, stream)) continue
        await transmit.unsubscribe({ uid: connection.uid, channel: stream })
      }
    }
  }
}

import type UserDeactivated from '#app/events/user_deactivated'
import { connections } from '#chat/realtime/connections'

/** A deactivated account's open SSE streams end at once. */
export default class CloseDeactivatedStreams {
  handle({ userId }: UserDeactivated) {
    connections.closeAll(userId)
  }
}

import { BaseEvent } from '@adonisjs/core/events'

/**
 * Sessions of an account ended (logout, password change, admin reset): what was opened with
 * them (streams, board sockets) must close now.
 */
export default class SessionsEnded extends BaseEvent {
  constructor(
    public userId: string,
    public sessionIds: string[]
  ) {
    super()
  }
}

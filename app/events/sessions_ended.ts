import { BaseEvent } from '@adonisjs/core/events'

/**
 * Sessions of an account ended (logout, password change, admin reset,
 * deactivation): whatever was opened with them must close now.
 */
export default class SessionsEnded extends BaseEvent {
  constructor(
    public userId: string,
    public sessionIds: string[]
  ) {
    super()
  }
}

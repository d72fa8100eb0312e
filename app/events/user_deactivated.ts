import { BaseEvent } from '@adonisjs/core/events'

/** An account was deactivated: everything it had open must close now. */
export default class UserDeactivated extends BaseEvent {
  constructor(public userId: string) {
    super()
  }
}

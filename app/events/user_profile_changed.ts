import { BaseEvent } from '@adonisjs/core/events'
import type User from '#app/models/user'

/** A user's public name (username or display name) changed: teammates should see it now. */
export default class UserProfileChanged extends BaseEvent {
  constructor(public user: User) {
    super()
  }
}

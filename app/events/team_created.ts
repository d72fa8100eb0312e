import { BaseEvent } from '@adonisjs/core/events'
import type Team from '#app/models/team'
import type User from '#app/models/user'

/** A team was created by `creator` (its first admin). */
export default class TeamCreated extends BaseEvent {
  constructor(
    public team: Team,
    public creator: User
  ) {
    super()
  }
}

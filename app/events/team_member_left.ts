import { BaseEvent } from '@adonisjs/core/events'
import type Team from '#app/models/team'

/** A user left a team or was removed from it. */
export default class TeamMemberLeft extends BaseEvent {
  constructor(
    public team: Team,
    public userId: string
  ) {
    super()
  }
}

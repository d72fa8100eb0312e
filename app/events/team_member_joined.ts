import { BaseEvent } from '@adonisjs/core/events'
import type Team from '#app/models/team'
import type { TeamRole } from '#app/models/team_member'

/** A user became a member of a team (sign-up by invite, join, admin add). */
export default class TeamMemberJoined extends BaseEvent {
  constructor(
    public team: Team,
    public userId: string,
    public role: TeamRole
  ) {
    super()
  }
}

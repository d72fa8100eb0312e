import { BaseEvent } from '@adonisjs/core/events'
import type Team from '#app/models/team'
import type { TeamRole } from '#app/models/team_member'

/** A team member's role changed (say a member demoted to guest): what they may see changes now. */
export default class TeamMemberRoleChanged extends BaseEvent {
  constructor(
    public team: Team,
    public userId: string,
    public role: TeamRole,
    public previousRole: TeamRole
  ) {
    super()
  }
}

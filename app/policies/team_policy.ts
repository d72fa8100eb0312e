import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#app/models/user'
import type { TeamAccess } from '#app/services/team_service'

/**
 * Who may do what inside a team they can see. Seeing the team at all is
 * settled earlier: TeamService.findVisible answers 404 to outsiders.
 */
export default class TeamPolicy extends BasePolicy {
  /** Rename, invite links, roles, removing members: team admins and system admins. */
  manage(user: User, access: TeamAccess) {
    return user.hasAdminPowers || access.membership?.role === 'admin'
  }

  /** Change one's own membership: leave. */
  leave(_user: User, access: TeamAccess) {
    return access.membership !== null
  }
}

import { iso } from '#app/helpers/dates'
import type Team from '#app/models/team'
import type TeamMember from '#app/models/team_member'
import type { TeamRole } from '#app/models/team_member'
import { transformUser } from '#app/transformers/user_transformer'

/**
 * A team as the caller sees it: their role in it and, for those who may
 * manage it, the invite code.
 */
export function transformTeam(team: Team, role: TeamRole | null, canManage: boolean) {
  return {
    id: team.id,
    name: team.name,
    role,
    inviteCode: canManage ? team.inviteCode : undefined,
    createdAt: iso(team.createdAt),
    updatedAt: iso(team.updatedAt),
  }
}

/** A member of a team: the user and their role. */
export function transformMember(member: TeamMember) {
  return {
    user: transformUser(member.user),
    role: member.role,
    joinedAt: iso(member.createdAt),
  }
}

/** A team in the system admins' list of every team: its invite code and member count. */
export function transformTeamForAdmin(team: Team, memberCount: number) {
  return { ...transformTeam(team, null, true), memberCount }
}

import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import TeamCreated from '#app/events/team_created'
import TeamMemberJoined from '#app/events/team_member_joined'
import TeamMemberLeft from '#app/events/team_member_left'
import TeamMemberRoleChanged from '#app/events/team_member_role_changed'
import type User from '#app/models/user'
import Team from '#app/models/team'
import TeamMember, { type TeamRole } from '#app/models/team_member'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import { lockForUpdate } from '#app/helpers/database'
import { keysetPage, type PageParams } from '#app/helpers/pagination'

/** A team as one user sees it: their membership, or none for a system admin. */
export type TeamAccess = { team: Team; membership: TeamMember | null }

function newInviteCode() {
  return randomBytes(24).toString('base64url')
}

/**
 * Teams and their members.
 */
export default class TeamService {
  /**
   * Loads a team the user may see: a member's team, or any team for a
   * system admin. Anything else is a 404, exactly like a team that does not
   * exist.
   */
  async findVisible(user: User, teamId: string): Promise<TeamAccess> {
    if (!isId(teamId)) throw ApiError.notFound('Team')
    const [team, membership] = await Promise.all([
      Team.find(teamId),
      TeamMember.query().where({ team_id: teamId, user_id: user.id }).first(),
    ])
    if (!team || (!membership && !user.hasAdminPowers)) throw ApiError.notFound('Team')
    return { team, membership }
  }

  /** The teams the user belongs to, with their role in each, by name. */
  async listForUser(user: User) {
    return Team.query()
      .join('team_members', 'team_members.team_id', 'teams.id')
      .where('team_members.user_id', user.id)
      .select('teams.*', 'team_members.role as member_role')
      .orderBy('teams.name')
      .orderBy('teams.id')
  }

  /** Every team on the server, for system admins. */
  async listAll(page: PageParams) {
    return keysetPage(Team.query(), { column: 'id', key: (team) => team.id, params: page })
  }

  /** Member counts of several teams, in one grouped query. */
  async memberCounts(teamIds: string[]) {
    if (teamIds.length === 0) return new Map<string, number>()
    const rows = await db
      .from('team_members')
      .whereIn('team_id', teamIds)
      .groupBy('team_id')
      .select('team_id')
      .count('* as total')
    return new Map(rows.map((row) => [row.team_id as string, Number(row.total)]))
  }

  /** Creates a team with its creator as its first admin. */
  async create(creator: User, name: string) {
    const team = await db.transaction(async (trx) => {
      const created = await Team.create({ name, inviteCode: newInviteCode() }, { client: trx })
      await TeamMember.create(
        { teamId: created.id, userId: creator.id, role: 'admin' },
        { client: trx }
      )
      return created
    })
    await TeamCreated.dispatch(team, creator)
    await TeamMemberJoined.dispatch(team, creator.id, 'admin')
    return team
  }

  /** Renames a team. */
  async rename(team: Team, name: string) {
    team.name = name
    await team.save()
    return team
  }

  /** Replaces the invite code; links made from the old one stop working. */
  async regenerateInvite(team: Team) {
    team.inviteCode = newInviteCode()
    await team.save()
    return team
  }

  /**
   * Joins the team whose invite code this is. Joining a team one already
   * belongs to changes nothing and returns it.
   */
  async join(user: User, invite: string) {
    const team = await Team.findBy('invite_code', invite)
    if (!team) throw ApiError.invalid('invite', 'invalid_invite', 'This invite link is not valid')
    await this.addMember(team, user, 'member')
    return team
  }

  /** Adds a user to a team with a role; an existing member keeps theirs. */
  async addMember(team: Team, user: User, role: TeamRole) {
    const existing = await TeamMember.query().where({ team_id: team.id, user_id: user.id }).first()
    if (existing) return existing
    const member = await TeamMember.create({ teamId: team.id, userId: user.id, role })
    await TeamMemberJoined.dispatch(team, user.id, role)
    return member
  }

  /** A page of members with their user records, ordered by username. */
  async members(team: Team, page: PageParams) {
    const query = TeamMember.query()
      .where('team_members.team_id', team.id)
      .join('users', 'users.id', 'team_members.user_id')
      .select('team_members.*', 'users.username as member_username')
      .preload('user')
    return keysetPage(query, {
      column: 'users.username',
      key: (member) => member.$extras.member_username,
      params: page,
    })
  }

  /** Changes a member's role; the team always keeps one admin. */
  async changeRole(team: Team, userId: string, role: TeamRole) {
    const { member, previousRole } = await db.transaction(async (trx) => {
      const found = await this.#member(team, userId, trx)
      const previous = found.role
      if (previous === 'admin' && role !== 'admin')
        await this.#assertAnotherAdmin(team, userId, trx)
      found.role = role
      await found.useTransaction(trx).save()
      return { member: found, previousRole: previous }
    })
    if (previousRole !== role)
      await TeamMemberRoleChanged.dispatch(team, userId, role, previousRole)
    return member
  }

  /** Removes a member (or lets one leave); the team always keeps one admin. */
  async removeMember(team: Team, userId: string) {
    await db.transaction(async (trx) => {
      const member = await this.#member(team, userId, trx)
      if (member.role === 'admin') await this.#assertAnotherAdmin(team, userId, trx)
      await member.useTransaction(trx).delete()
    })
    await TeamMemberLeft.dispatch(team, userId)
  }

  async #member(team: Team, userId: string, trx: TransactionClientContract) {
    if (!isId(userId)) throw ApiError.notFound('Member')
    const member = await lockForUpdate(
      TeamMember.query({ client: trx }).where({ team_id: team.id, user_id: userId })
    ).first()
    if (!member) throw ApiError.notFound('Member')
    return member
  }

  async #assertAnotherAdmin(team: Team, userId: string, trx: TransactionClientContract) {
    const other = await lockForUpdate(
      TeamMember.query({ client: trx })
        .where({ team_id: team.id, role: 'admin' })
        .whereNot('user_id', userId)
    ).first()
    if (!other) throw ApiError.conflict('last_team_admin', 'A team must keep at least one admin')
  }
}

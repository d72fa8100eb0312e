import { randomBytes } from 'node:crypto'
import factory from '@adonisjs/lucid/factories'
import Team from '#app/models/team'
import TeamMember, { type TeamRole } from '#app/models/team_member'
import type User from '#app/models/user'

export const TeamFactory = factory
  .define(Team, ({ faker }) => ({
    name: faker.company.name().slice(0, 64),
    inviteCode: randomBytes(24).toString('base64url'),
  }))
  .build()

/** Adds a user to a team with a role, straight in the database. */
export function addMember(team: Team, user: User, role: TeamRole = 'member') {
  return TeamMember.create({ teamId: team.id, userId: user.id, role })
}

import vine from '@vinejs/vine'
import { TEAM_ROLES } from '#app/models/team_member'

const teamName = () => vine.string().trim().minLength(1).maxLength(64)

/** A new team. */
export const createTeamValidator = vine.create({ name: teamName() })

/** Renaming a team. */
export const updateTeamValidator = vine.create({ name: teamName() })

/** Joining a team by its invite code. */
export const joinTeamValidator = vine.create({
  invite: vine.string().trim().minLength(1).maxLength(64),
})

/** A member's new role. */
export const changeRoleValidator = vine.create({ role: vine.enum(TEAM_ROLES) })

/** A system admin adds an account to a team (ace `team:add-member`). */
export const addTeamMemberValidator = vine.create({
  userId: vine.string().uuid(),
  role: vine.enum(TEAM_ROLES).optional(),
})

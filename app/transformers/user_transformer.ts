import { iso } from '#app/helpers/dates'
import type User from '#app/models/user'

/** A user as other people see them. */
export function transformUser(user: User) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    active: user.isActive,
    createdAt: iso(user.createdAt),
  }
}

/** The signed-in user's own record: adds private fields. */
export function transformMe(user: User) {
  return {
    ...transformUser(user),
    email: user.email,
    deactivatedAt: iso(user.deactivatedAt),
    updatedAt: iso(user.updatedAt),
  }
}

/** A user for system admins: everything but the password. */
export const transformUserForAdmin = transformMe

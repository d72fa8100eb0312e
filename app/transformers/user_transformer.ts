import type User from '#app/models/user'

/** A user as other people see them. */
export function transformUser(user: User) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    active: user.isActive,
    createdAt: user.createdAt.toISO(),
  }
}

/** The signed-in user's own record: adds private fields. */
export function transformMe(user: User) {
  return {
    ...transformUser(user),
    email: user.email,
    deactivatedAt: user.deactivatedAt?.toISO() ?? null,
    updatedAt: user.updatedAt.toISO(),
  }
}

/** A user for system admins: everything but the password. */
export const transformUserForAdmin = transformMe

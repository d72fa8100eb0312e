import vine from '@vinejs/vine'
import { cleanName } from '#app/helpers/text'
import { pageFields } from '#app/helpers/pagination'

/** Words that mean something else in mentions or routes. */
const RESERVED_USERNAMES = ['me', 'all', 'channel', 'here', 'system', 'hearth']

/** A short list of the passwords that top every leak; enough to stop the worst. */
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwertyuiop',
  'qwerty123',
  '11111111',
  '00000000',
  'iloveyou',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'welcome1',
  'admin123',
  'letmein1',
  'abc12345',
  'changeme',
])

export const username = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .minLength(3)
    .maxLength(22)
    .regex(/^[a-z][a-z0-9._-]*$/)
    .notIn(RESERVED_USERNAMES)

export const email = () => vine.string().trim().toLowerCase().maxLength(254).email()

/** A display name, stored without invisible or direction-changing characters (cleanName). */
export const displayName = () => vine.string().trim().maxLength(64).transform(cleanName)

/**
 * A password: 8 to 128 characters and not one of the handful everybody
 * tries first. Length is what makes a password strong; composition rules
 * only annoy.
 */
export const password = () =>
  vine
    .string()
    .minLength(8)
    .maxLength(128)
    .use(
      vine.createRule((value, _options, field) => {
        if (typeof value === 'string' && COMMON_PASSWORDS.has(value.toLowerCase())) {
          field.report('This password is too common', 'weakPassword', field)
        }
      })()
    )

/** Sign-up: a new account, optionally joining a team by its invite code. */
export const signupValidator = vine.create({
  username: username(),
  email: email(),
  password: password(),
  displayName: displayName().optional(),
  invite: vine.string().trim().maxLength(64).optional(),
})

/** A session login by username or email. */
export const loginValidator = vine.create({
  login: vine.string().trim().toLowerCase().maxLength(254),
  password: vine.string().maxLength(128),
})

/** Changes to the caller's own profile. */
export const updateProfileValidator = vine.create({
  username: username().optional(),
  email: email().optional(),
  displayName: displayName().optional(),
})

/** The token of an email change, from the link sent to the new address. */
export const confirmEmailValidator = vine.create({
  token: vine.string().trim().maxLength(2048),
})

/** A password change needs the current password. */
export const changePasswordValidator = vine.create({
  currentPassword: vine.string().maxLength(128),
  newPassword: password(),
})

/** Admin-side user creation (ace `user:create`). */
export const createUserValidator = vine.create({
  username: username(),
  email: email(),
  password: password(),
  displayName: displayName().optional(),
  isAdmin: vine.boolean().optional(),
})

/** A new password set by an admin. */
export const resetPasswordValidator = vine.create({
  password: password(),
})

/** `GET /users` for system admins: a page, optionally narrowed to logins starting with `q`. */
export const listUsersValidator = vine.create({
  q: vine.string().trim().toLowerCase().maxLength(64).optional(),
  ...pageFields(),
})

/** A system admin grants or revokes system admin (ace `user:role`). */
export const changeSystemRoleValidator = vine.create({
  isAdmin: vine.boolean({ strict: true }),
})

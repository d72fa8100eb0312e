import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import { throttleLogin } from '#app/services/login_throttle'

/**
 * Checks a login (username or email) and password, rate-limited per
 * account and per address. A deactivated account is refused even with the
 * right password.
 */
export async function verifyLogin(login: string, password: string, ip: string) {
  const uid = login.trim().toLowerCase()
  const account = await User.query()
    .where('username', uid)
    .orWhere('email', uid)
    .select('id')
    .first()
  return throttleLogin(account?.id ?? uid, ip, async () => {
    const user = await User.verifyCredentials(uid, password)
    if (!user.isActive) {
      throw new ApiError(401, 'account_deactivated', 'This account is deactivated')
    }
    return user
  })
}

/** Signed-in sessions an account keeps at once (browsers and devices). */
export const MAX_SESSIONS_PER_ACCOUNT = 20

/**
 * Call after a sign-in adds a session: the account's sessions beyond
 * MAX_SESSIONS_PER_ACCOUNT end, least recently used first, so signing in
 * over and over cannot grow the sessions table without bound.
 */
export async function endSessionsBeyondLimit(userId: string) {
  const rows = await db
    .from('sessions')
    .where('user_id', userId)
    .orderBy('expires_at', 'desc')
    .orderBy('id')
    .select('id')
  const excess = rows.slice(MAX_SESSIONS_PER_ACCOUNT).map((row) => row.id as string)
  if (excess.length > 0) await db.from('sessions').whereIn('id', excess).delete()
}

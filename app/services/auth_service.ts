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

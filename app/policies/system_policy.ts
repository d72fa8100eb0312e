import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#app/models/user'

/**
 * Server administration: settings, other people's accounts.
 */
export default class SystemPolicy extends BasePolicy {
  administer(user: User) {
    return user.hasAdminPowers
  }
}

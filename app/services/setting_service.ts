import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Setting from '#app/models/setting'
import { dbTimestamp } from '#app/helpers/dates'

const FIRST_ADMIN = 'first_admin_id'
const OPEN_SIGNUP = 'open_signup'

export type SystemSettings = { openSignup: boolean }

/**
 * Server-wide settings kept in the database, so every instance agrees.
 */
export default class SettingService {
  /** The current settings, with defaults for anything never set. */
  async all(): Promise<SystemSettings> {
    const row = await Setting.find(OPEN_SIGNUP)
    return { openSignup: row?.value === 'true' }
  }

  /** Changes settings; only keys present in `changes` are written. */
  async update(changes: Partial<SystemSettings>) {
    if (changes.openSignup !== undefined) {
      await Setting.updateOrCreate({ key: OPEN_SIGNUP }, { value: String(changes.openSignup) })
    }
    return this.all()
  }

  /** Whether some account has become the first one (and system admin). */
  async firstAdminClaimed() {
    return (await Setting.find(FIRST_ADMIN)) !== null
  }

  /**
   * Claims "first account" for `userId` inside the caller's transaction.
   * Exactly one account ever wins, however many sign up at the same moment:
   * the claim is a primary-key insert that the losers skip.
   */
  async claimFirstAdmin(userId: string, trx: TransactionClientContract) {
    await trx
      .insertQuery()
      .table('settings')
      .insert({ key: FIRST_ADMIN, value: userId, updated_at: dbTimestamp(trx) })
      .knexQuery.onConflict('key')
      .ignore()
    const row = await trx.from('settings').where('key', FIRST_ADMIN).select('value').first()
    return row?.value === userId
  }
}

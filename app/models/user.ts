import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, afterSave, beforeSave, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { AccessToken } from '@adonisjs/auth/access_tokens'
import { PersonalAccessTokens } from '#app/auth/personal_access_tokens'
import { scopesAllow } from '#app/helpers/scopes'
import { userSearchTerms } from '#app/helpers/user_search'
import { withUuid } from '#app/models/mixins/with_uuid'
import TeamMember from '#app/models/team_member'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['username', 'email'],
  passwordColumnName: 'password',
})

export default class User extends compose(BaseModel, withUuid, AuthFinder) {
  @column()
  declare username: string

  @column()
  declare email: string

  @column()
  declare displayName: string

  @column({ serializeAs: null })
  declare password: string

  @column({ consume: (value) => Boolean(value) })
  declare isAdmin: boolean

  @column.dateTime()
  declare deactivatedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => TeamMember)
  declare memberships: HasMany<typeof TeamMember>

  /** Set by the token guard when the request came with a Bearer token. */
  declare currentAccessToken?: AccessToken

  get isActive() {
    return !this.deactivatedAt
  }

  /**
   * Whether this request may use system-admin powers: an admin's session
   * may; an admin's token only if it carries the `admin` scope.
   */
  get hasAdminPowers() {
    if (!this.isAdmin) return false
    return !this.currentAccessToken || scopesAllow(this.currentAccessToken.abilities, 'admin')
  }

  /** Set before a save that changes the username or display name. */
  #namesChanged = false

  @beforeSave()
  static noteNameChange(user: User) {
    user.#namesChanged =
      !user.$isPersisted || 'username' in user.$dirty || 'displayName' in user.$dirty
  }

  /**
   * Keeps the words user search finds this account by (user_search_terms)
   * in step with its names: within the save's transaction when it has one,
   * else in a transaction of its own.
   */
  @afterSave()
  static async storeSearchTerms(user: User) {
    if (!user.#namesChanged) return
    user.#namesChanged = false
    const rows = userSearchTerms(user.username, user.displayName ?? '').map((term) => ({
      user_id: user.id,
      ...term,
    }))
    const write = async (client: TransactionClientContract) => {
      await client.from('user_search_terms').where('user_id', user.id).delete()
      await client.table('user_search_terms').multiInsert(rows)
    }
    await (user.$trx ? write(user.$trx) : db.transaction(write))
  }

  static accessTokens = new PersonalAccessTokens({
    tokenableModel: User,
    prefix: 'hth_',
    table: 'auth_access_tokens',
    type: 'personal_access_token',
    tokenSecretLength: 40,
  })
}

import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { AccessToken } from '@adonisjs/auth/access_tokens'
import { PersonalAccessTokens } from '#app/auth/personal_access_tokens'
import { scopesAllow } from '#app/helpers/scopes'
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

  static accessTokens = new PersonalAccessTokens({
    tokenableModel: User,
    prefix: 'hth_',
    table: 'auth_access_tokens',
    type: 'personal_access_token',
    tokenSecretLength: 40,
  })
}

import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { withUuid } from '#app/models/mixins/with_uuid'
import TeamMember from '#app/models/team_member'

export default class Team extends compose(BaseModel, withUuid) {
  @column()
  declare name: string

  @column({ serializeAs: null })
  declare inviteCode: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => TeamMember)
  declare members: HasMany<typeof TeamMember>
}

import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#app/models/user'
import Team from '#app/models/team'

export const TEAM_ROLES = ['admin', 'member', 'guest'] as const
export type TeamRole = (typeof TEAM_ROLES)[number]

export default class TeamMember extends BaseModel {
  static table = 'team_members'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare teamId: string

  @column()
  declare userId: string

  @column()
  declare role: TeamRole

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @belongsTo(() => Team)
  declare team: BelongsTo<typeof Team>
}

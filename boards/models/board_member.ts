import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { BoardRole } from '#boards/models/board'

/** An explicit role on one board, which overrides what the channel gives. */
export default class BoardMember extends BaseModel {
  static table = 'board_members'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare boardId: string

  @column()
  declare userId: string

  @column()
  declare role: BoardRole

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}

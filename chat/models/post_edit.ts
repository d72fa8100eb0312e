import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A previous text of an edited post. */
export default class PostEdit extends BaseModel {
  static table = 'post_edits'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare postId: string

  @column()
  declare message: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}

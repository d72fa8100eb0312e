import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withUuid } from '#app/models/mixins/with_uuid'

/** Longest message, in characters. */
export const MAX_MESSAGE_LENGTH = 16000

export default class Post extends compose(BaseModel, withUuid) {
  @column()
  declare channelId: string

  @column()
  declare userId: string

  @column({ consume: (value) => Number(value) })
  declare seq: number

  @column()
  declare rootId: string | null

  @column()
  declare clientId: string | null

  @column()
  declare type: string

  @column()
  declare message: string

  @column({ consume: (value) => Boolean(value) })
  declare mentionsAll: boolean

  @column()
  declare replyCount: number

  /** How many files are attached (their rows say which). */
  @column({ consume: (value) => Number(value) })
  declare fileCount: number

  @column.dateTime()
  declare lastReplyAt: DateTime | null

  @column({ serializeAs: null })
  declare lastReplyId: string | null

  @column.dateTime()
  declare pinnedAt: DateTime | null

  @column.dateTime()
  declare editedAt: DateTime | null

  @column.dateTime()
  declare deletedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  get isDeleted() {
    return Boolean(this.deletedAt)
  }
}

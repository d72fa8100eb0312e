import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A user's interest in a thread, and how far they have read it. */
export default class ThreadFollow extends BaseModel {
  static table = 'thread_follows'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: string

  @column()
  declare rootId: string

  @column()
  declare channelId: string

  @column()
  declare teamId: string

  @column({ consume: (value) => Boolean(value) })
  declare following: boolean

  @column({ consume: (value) => Number(value) })
  declare lastReadSeq: number
}

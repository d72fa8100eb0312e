import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#app/models/user'

export const CHANNEL_ROLES = ['admin', 'member'] as const
export type ChannelRole = (typeof CHANNEL_ROLES)[number]

export const NOTIFY_LEVELS = ['default', 'all', 'mention', 'none'] as const
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number]

export default class ChannelMember extends BaseModel {
  static table = 'channel_members'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare channelId: string

  @column()
  declare userId: string

  @column()
  declare role: ChannelRole

  @column()
  declare notify: NotifyLevel

  /** Muted: no alerts or emails from this channel, and it never shows as unread. */
  @column({ consume: (value) => Boolean(value) })
  declare muted: boolean

  @column({ consume: (value) => Number(value) })
  declare lastReadSeq: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>
}

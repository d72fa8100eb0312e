import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { keywordList } from '#chat/services/mentions'

export const DESKTOP_LEVELS = ['all', 'mention', 'none'] as const
export type DesktopLevel = (typeof DESKTOP_LEVELS)[number]

/** A user's notification preferences; a user without a row has the defaults. */
export default class NotificationSetting extends BaseModel {
  static table = 'notification_settings'
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare userId: string

  /** Alerts on the user's stream: every message, mentions (and DMs, replies), or none. */
  @column()
  declare desktop: DesktopLevel

  /** Batched email of mentions and direct messages while away. */
  @column({ consume: (value) => Boolean(value) })
  declare email: boolean

  /** Whether @channel, @all and @here count as mentions of this user. */
  @column({ consume: (value) => Boolean(value) })
  declare channelWide: boolean

  /** Extra words that mention this user, one per line, lower-cased. */
  @column()
  declare keywords: string

  @column.dateTime()
  declare dndUntil: DateTime | null

  @column.dateTime()
  declare emailSentAt: DateTime | null

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get keywordList() {
    return keywordList(this.keywords)
  }

  /** The defaults, for a user who never changed anything. */
  static defaultsFor(userId: string) {
    const setting = new NotificationSetting()
    setting.fill({ userId, desktop: 'mention', email: true, channelWide: true, keywords: '' })
    setting.dndUntil = null
    return setting
  }
}

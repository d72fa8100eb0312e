import { DateTime } from 'luxon'
import type User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import NotificationSetting, { type DesktopLevel } from '#chat/models/notification_setting'

export type SettingsChange = {
  desktop?: DesktopLevel
  email?: boolean
  channelWide?: boolean
  keywords?: string[]
  dndUntil?: string | null
}

/** Longest do-not-disturb: a year. */
const MAX_DND_DAYS = 366

/** Reading and changing a user's own notification preferences. */
export default class NotificationSettingsService {
  async get(user: User) {
    return (await NotificationSetting.find(user.id)) ?? NotificationSetting.defaultsFor(user.id)
  }

  /** Applies a partial change; keywords are stored lower-cased, one per line. */
  async update(user: User, change: SettingsChange) {
    const setting = await this.get(user)
    const { keywords, dndUntil, ...flags } = change
    setting.merge(flags)
    if (keywords !== undefined) {
      setting.keywords = [...new Set(keywords.map((word) => word.toLowerCase()))].join('\n')
    }
    if (dndUntil !== undefined) setting.dndUntil = dndUntil === null ? null : this.#until(dndUntil)
    await setting.save()
    return setting
  }

  #until(value: string) {
    const until = DateTime.fromISO(value, { setZone: true })
    if (!until.isValid) {
      throw ApiError.invalid(
        'dndUntil',
        'invalid_date',
        'dndUntil must be an ISO 8601 date and time'
      )
    }
    const now = DateTime.now()
    if (until <= now || until > now.plus({ days: MAX_DND_DAYS })) {
      throw ApiError.invalid(
        'dndUntil',
        'out_of_range',
        'dndUntil must be in the future and within a year'
      )
    }
    return until.toUTC()
  }
}

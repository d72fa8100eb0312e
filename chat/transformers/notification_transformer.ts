import { iso } from '#app/helpers/dates'
import type NotificationSetting from '#chat/models/notification_setting'

/** A user's notification preferences as the settings screen shows them. */
export function transformNotificationSettings(setting: NotificationSetting) {
  return {
    desktop: setting.desktop,
    email: setting.email,
    channelWide: setting.channelWide,
    keywords: setting.keywordList,
    dndUntil: iso(setting.dndUntil),
  }
}

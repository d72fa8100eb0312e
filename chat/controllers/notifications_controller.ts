import type { HttpContext } from '@adonisjs/core/http'
import { announcePresence } from '#chat/realtime/presence_announcer'
import NotificationFeed from '#chat/services/notification_feed'
import NotificationSettingsService from '#chat/services/notification_settings_service'
import { transformNotificationSettings } from '#chat/transformers/notification_transformer'
import {
  notificationFeedValidator,
  updateNotificationSettingsValidator,
} from '#chat/validators/notification_validators'

export default class NotificationsController {
  /** The caller's mentions, replies and direct messages, newest first. */
  async index({ auth, request }: HttpContext) {
    const params = await request.validateUsing(notificationFeedValidator, { data: request.qs() })
    return new NotificationFeed().list(auth.user!, params)
  }

  async settings({ auth }: HttpContext) {
    return transformNotificationSettings(await new NotificationSettingsService().get(auth.user!))
  }

  async updateSettings({ auth, request }: HttpContext) {
    const change = await request.validateUsing(updateNotificationSettingsValidator)
    const setting = await new NotificationSettingsService().update(auth.user!, change)
    // Do-not-disturb shows as the person's presence.
    if (change.dndUntil !== undefined) await announcePresence(auth.user!.id)
    return transformNotificationSettings(setting)
  }
}

import vine from '@vinejs/vine'
import { DESKTOP_LEVELS } from '#chat/models/notification_setting'
import { NOTIFICATION_KINDS } from '#chat/services/notification_service'

/** Changing one's notification preferences; every field optional. */
export const updateNotificationSettingsValidator = vine.create({
  desktop: vine.enum(DESKTOP_LEVELS).optional(),
  email: vine.boolean({ strict: true }).optional(),
  channelWide: vine.boolean({ strict: true }).optional(),
  keywords: vine
    .array(
      vine
        .string()
        .trim()
        .minLength(1)
        .maxLength(64)
        .regex(/^[^\n@]+$/)
    )
    .maxLength(20)
    .distinct()
    .optional(),
  /** Do not disturb until then (ISO 8601), or null to end it. */
  dndUntil: vine.string().maxLength(40).nullable().optional(),
})

/** The mentions-and-replies feed: one team or all, one kind or all, newest first. */
export const notificationFeedValidator = vine.create({
  teamId: vine.string().uuid().optional(),
  kind: vine.enum(NOTIFICATION_KINDS).optional(),
  after: vine.string().maxLength(512).optional(),
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
})

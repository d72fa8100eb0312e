import vine from '@vinejs/vine'
import { CREATABLE_CHANNEL_TYPES } from '#chat/models/channel'
import { CHANNEL_ROLES, NOTIFY_LEVELS } from '#chat/models/channel_member'

const uuid = () => vine.string().uuid()

/** A channel's handle: lowercase letters, digits, `-` and `_`, unique in its team. */
export const channelName = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .minLength(1)
    .maxLength(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/)

const displayName = () => vine.string().trim().minLength(1).maxLength(64)
const purpose = () => vine.string().trim().maxLength(250)
const header = () => vine.string().trim().maxLength(1024)

/**
 * A new channel. Public and private ones need a name and display name;
 * direct messages name one other person, group messages two to seven.
 */
export const createChannelValidator = vine.create({
  type: vine.enum(CREATABLE_CHANNEL_TYPES),
  name: channelName().optional().requiredWhen('type', 'in', ['public', 'private']),
  displayName: displayName().optional().requiredWhen('type', 'in', ['public', 'private']),
  purpose: purpose().optional(),
  header: header().optional(),
  userIds: vine
    .array(uuid())
    .minLength(1)
    .maxLength(7)
    .distinct()
    .optional()
    .requiredWhen('type', 'in', ['direct', 'group']),
})

/** Changes to a channel's name, display name, purpose or header. */
export const updateChannelValidator = vine.create({
  name: channelName().optional(),
  displayName: displayName().optional(),
  purpose: purpose().optional(),
  header: header().optional(),
})

/** Adding someone to a channel. */
export const addChannelMemberValidator = vine.create({
  userId: uuid(),
  role: vine.enum(CHANNEL_ROLES).optional(),
})

/** A member's role, or their own notification level and mute. */
export const updateChannelMemberValidator = vine.create({
  role: vine.enum(CHANNEL_ROLES).optional(),
  notify: vine.enum(NOTIFY_LEVELS).optional(),
  muted: vine.boolean({ strict: true }).optional(),
})

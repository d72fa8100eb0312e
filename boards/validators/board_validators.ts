import vine from '@vinejs/vine'
import { BOARD_KEY, BOARD_ROLES, CHANNEL_ACTIVITY, DEFAULT_ROLES } from '#boards/models/board'
import { TEMPLATES } from '#boards/document/templates'

const title = () => vine.string().trim().minLength(1).maxLength(120)
const icon = () => vine.string().trim().maxLength(32)
const description = () => vine.string().trim().maxLength(1000)
const key = () => vine.string().trim().toUpperCase().regex(BOARD_KEY)

/** A new board in a channel, empty or from one of the built-in templates. */
export const createBoardValidator = vine.create({
  title: title(),
  template: vine.enum(Object.keys(TEMPLATES)).optional(),
  icon: icon().optional(),
  description: description().optional(),
  key: key().optional(),
})

/** A new board outside any channel: it gets a channel of its own, in this team. */
export const createStandaloneBoardValidator = vine.create({
  teamId: vine.string().uuid(),
  title: title(),
  template: vine.enum(Object.keys(TEMPLATES)).optional(),
  icon: icon().optional(),
  description: description().optional(),
  key: key().optional(),
})

/** Changes to a board's settings. */
export const updateBoardValidator = vine.create({
  title: title().optional(),
  icon: icon().optional(),
  description: description().optional(),
  defaultRole: vine.enum(DEFAULT_ROLES).optional(),
  key: key().optional(),
  channelActivity: vine.enum(CHANNEL_ACTIVITY).optional(),
})

/** An explicit role for one person on a board. */
export const boardMemberValidator = vine.create({ role: vine.enum(BOARD_ROLES) })

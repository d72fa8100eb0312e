import vine from '@vinejs/vine'
import { BOARD_KEY, BOARD_ROLES, CHANNEL_ACTIVITY, DEFAULT_ROLES } from '#boards/models/board'
import { MAX_MESSAGE_LENGTH } from '#chat/models/post'
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

/** What board:import is told besides the archive: a key to use instead of the archive's. */
export const importBoardValidator = vine.create({ key: key().optional() })

const archivedId = () => vine.string().maxLength(64)

/**
 * An archive written by board:export (version 1, or 2 with the card threads and the people it
 * names), checked before board:import trusts any of it; the import decodes its document.
 */
export const boardArchiveValidator = vine.create({
  version: vine.enum([1, 2]),
  board: vine.object({
    title: title(),
    icon: icon().optional(),
    description: description().optional(),
    template: vine.string().maxLength(32).optional(),
    key: key().nullable().optional(),
    channelActivity: vine.enum(CHANNEL_ACTIVITY).optional(),
    defaultRole: vine.enum(DEFAULT_ROLES).optional(),
    creatorId: archivedId().nullable().optional(),
    archivedAt: vine.string().maxLength(40).nullable().optional(),
  }),
  document: vine.string(),
  lastCardNumber: vine.number().withoutDecimals().min(0).optional(),
  threads: vine
    .array(
      vine.object({
        cardId: archivedId(),
        number: vine.number().withoutDecimals().range([1, 9_999_999]),
        authorId: archivedId().nullable(),
        message: vine.string().maxLength(MAX_MESSAGE_LENGTH),
      })
    )
    .distinct('number')
    .distinct('cardId')
    .optional(),
  members: vine
    .array(vine.object({ userId: archivedId(), role: vine.enum(BOARD_ROLES) }))
    .optional(),
  users: vine
    .array(
      vine.object({
        id: archivedId(),
        username: vine.string().maxLength(64),
        email: vine.string().maxLength(254),
      })
    )
    .optional(),
})

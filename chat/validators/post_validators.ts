import vine from '@vinejs/vine'
import { MAX_MESSAGE_LENGTH } from '#chat/models/post'
import { pageFields } from '#app/helpers/pagination'
import { MAX_FILES_PER_POST } from '#config/files'

const message = () => vine.string().trim().minLength(1).maxLength(MAX_MESSAGE_LENGTH)

const hasFiles = (data: Record<string, unknown>) =>
  Array.isArray(data.fileIds) && data.fileIds.length > 0

/**
 * A new message or reply; `clientId` makes retries safe. `fileIds` attaches
 * uploaded files, and a post with files may have an empty message.
 */
export const createPostValidator = vine.create(
  vine
    .object({
      clientId: vine
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
      rootId: vine.string().uuid().optional(),
      fileIds: vine.array(vine.string().uuid()).maxLength(MAX_FILES_PER_POST).optional(),
    })
    .merge(
      vine.group([
        vine.group.if(hasFiles, {
          message: vine.string().trim().maxLength(MAX_MESSAGE_LENGTH).optional(),
        }),
        vine.group.else({ message: message() }),
      ])
    )
)

/** A new text for one's post. */
export const updatePostValidator = vine.create({ message: message() })

/** Channel history: the usual cursors, or the page around the first unread or a post. */
export const historyValidator = vine.create({
  ...pageFields(),
  around: vine
    .string()
    .regex(/^(unread|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i)
    .optional(),
})

/** An emoji name as in `:thumbsup:`, without the colons. */
export const EMOJI = /^[a-z0-9_+-]{1,64}$/

/** Marking a channel read up to a point (default: all). */
export const markReadValidator = vine.create({
  seq: vine.number().withoutDecimals().min(0).optional(),
})

/** Replaying a stream after a disconnect. */
export const catchUpValidator = vine.create({
  stream: vine.string().maxLength(80),
  after: vine.number().withoutDecimals().min(0),
  limit: vine.number().withoutDecimals().range([1, 500]).optional(),
})

/** A typing signal, in a channel or in one of its threads. */
export const typingValidator = vine.create({ rootId: vine.string().uuid().optional() })

/** The caller's own presence. */
export const presenceValidator = vine.create({ status: vine.enum(['online', 'away'] as const) })

/** Whose presence to look up: up to 200 ids, comma-separated. */
export const presenceQueryValidator = vine.create({
  ids: vine
    .string()
    .maxLength(200 * 37)
    .regex(/^[0-9a-f,-]+$/),
})

import vine from '@vinejs/vine'

const id = () => vine.string().maxLength(64)
const placement = {
  afterId: id().optional(),
  beforeId: id().optional(),
}

/** A new card: a title, and optionally its column, field values, description and place. */
export const createCardValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(500),
  description: vine.string().maxLength(50_000).optional(),
  column: vine.string().maxLength(64).nullable().optional(),
  values: vine.record(vine.any().nullable()).optional(),
  ...placement,
})

/** Changes to a card; a column or position moves it, `archived` (un)archives it. */
export const updateCardValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(500).optional(),
  description: vine.string().maxLength(50_000).optional(),
  values: vine.record(vine.any().nullable()).optional(),
  column: vine.string().maxLength(64).nullable().optional(),
  position: vine
    .object({ ...placement, index: vine.number().withoutDecimals().min(0).optional() })
    .optional(),
  archived: vine.boolean({ strict: true }).optional(),
})

/** Filters of a board's card list; `values[<fieldId>]=<value>` matches field values. */
export const listCardsValidator = vine.create({
  column: vine.string().maxLength(64).optional(),
  assignee: vine.string().uuid().optional(),
  dueBefore: vine.date({ formats: ['YYYY-MM-DD', 'iso8601'] }).optional(),
  dueAfter: vine.date({ formats: ['YYYY-MM-DD', 'iso8601'] }).optional(),
  q: vine.string().trim().minLength(1).maxLength(100).optional(),
  archived: vine.boolean().optional(),
  values: vine.record(vine.string().maxLength(200)).optional(),
  limit: vine.number().withoutDecimals().range([1, 500]).optional(),
})

/** The quick switcher's card lookup: a reference (`OPS-42`) or words of a title. */
export const findCardsValidator = vine.create({
  q: vine.string().trim().minLength(1).maxLength(100),
  limit: vine.number().withoutDecimals().range([1, 20]).optional(),
})

/**
 * A card made from a message: on a board (by default the first of the
 * message's channel), in a column (an option's id or name), with a title and
 * description that default to the message's.
 */
export const cardFromPostValidator = vine.create({
  boardId: vine.string().uuid().optional(),
  column: vine.string().trim().maxLength(120).nullable().optional(),
  title: vine.string().trim().minLength(1).maxLength(500).optional(),
  description: vine.string().maxLength(50_000).optional(),
})

const checklistText = () => vine.string().trim().minLength(1).maxLength(500)

/** A new checklist item of a card: its text, and optionally the item it goes after or before. */
export const createChecklistItemValidator = vine.create({
  text: checklistText(),
  ...placement,
})

/** Changes to a checklist item: its text, its tick, or its place among the card's items. */
export const updateChecklistItemValidator = vine.create({
  text: checklistText().optional(),
  done: vine.boolean({ strict: true }).optional(),
  ...placement,
  index: vine.number().withoutDecimals().min(0).optional(),
})

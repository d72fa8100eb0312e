import vine from '@vinejs/vine'
import { IANAZone } from 'luxon'

/** A search: the text as typed in the search box, a page cursor and the caller's time zone. */
export const searchValidator = vine.create({
  q: vine.string().trim().minLength(1).maxLength(512),
  after: vine.string().maxLength(512).optional(),
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
  sort: vine.enum(['relevance', 'newest'] as const).optional(),
  timeZone: vine
    .string()
    .maxLength(64)
    .use(
      vine.createRule((value, _, field) => {
        if (typeof value === 'string' && !IANAZone.isValidZone(value)) {
          field.report('The {{ field }} field must be an IANA time zone', 'timeZone', field)
        }
      })()
    )
    .optional(),
})

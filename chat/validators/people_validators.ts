import vine from '@vinejs/vine'

/** The most people one user search answers. */
export const MAX_PEOPLE_RESULTS = 50

/** `?q=&teamId=&limit=` of a user search (autocomplete, new direct messages). */
export const peopleSearchValidator = vine.create({
  q: vine.string().trim().minLength(1).maxLength(64),
  teamId: vine.string().uuid().optional(),
  limit: vine.number().withoutDecimals().range([1, MAX_PEOPLE_RESULTS]).optional(),
})

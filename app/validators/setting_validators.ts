import vine from '@vinejs/vine'

/** System settings an admin may change. */
export const updateSettingsValidator = vine.create({
  openSignup: vine.boolean().optional(),
})

import vine from '@vinejs/vine'
import { MAX_COMMAND_LENGTH } from '#chat/services/commands'

/** A slash command as typed in the composer, e.g. `/card new Fix the login page`. */
export const commandValidator = vine.create({
  command: vine.string().trim().minLength(1).maxLength(MAX_COMMAND_LENGTH),
})

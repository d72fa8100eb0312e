import vine from '@vinejs/vine'

/** Reading a file: `?download=1` asks for an attachment even for an image. */
export const readFileValidator = vine.create({ download: vine.boolean().optional() })

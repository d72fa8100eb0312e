import vine from '@vinejs/vine'

import { TOKEN_SCOPES } from '#app/helpers/scopes'

/**
 * A token lifetime: `<n>h` or `<n>d`, from one hour to one year. Every token
 * expires.
 */
const expiresIn = () =>
  vine
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,3}[hd]$/)
    .use(
      vine.createRule((value, _options, field) => {
        if (typeof value !== 'string') return
        const hours = Number(value.slice(0, -1)) * (value.endsWith('d') ? 24 : 1)
        if (hours > 365 * 24) field.report('Tokens can live one year at most', 'maxLifetime', field)
      })()
    )

const tokenFields = {
  name: vine.string().trim().minLength(1).maxLength(64),
  scopes: vine.array(vine.enum(TOKEN_SCOPES)).minLength(1).maxLength(3).distinct(),
  expiresIn: expiresIn().optional(),
}

/** A token minted by the signed-in user from the web app. */
export const createTokenValidator = vine.create(tokenFields)

/** A token minted by a script from a login and password. */
export const issueTokenValidator = vine.create({
  login: vine.string().trim().toLowerCase().maxLength(254),
  password: vine.string().maxLength(128),
  ...tokenFields,
})

/** Hours in a validated `expiresIn`, 30 days when absent. */
export function lifetimeHours(expiresInValue: string | undefined) {
  if (!expiresInValue) return 30 * 24
  const amount = Number(expiresInValue.slice(0, -1))
  return expiresInValue.endsWith('d') ? amount * 24 : amount
}

import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import TokenService from '#app/services/token_service'
import { pageValidator } from '#app/helpers/pagination'
import { createTokenValidator } from '#app/validators/token_validators'
import { transformNewToken, transformTokenRow } from '#app/transformers/token_transformer'
import ApiError from '#app/exceptions/api_error'

const tokenIdValidator = vine.create({ id: vine.number().withoutDecimals().positive() })

export default class TokensController {
  async index({ auth, request }: HttpContext) {
    const page = await pageValidator.validate(request.qs())
    const { data, next } = await new TokenService().list(auth.user!, page)
    return { data: data.map(transformTokenRow), next }
  }

  async store({ auth, request, response }: HttpContext) {
    const params = await request.validateUsing(createTokenValidator)
    const token = await new TokenService().create(auth.user!, params)
    return response.created(transformNewToken(token))
  }

  async destroy({ auth, params, response }: HttpContext) {
    const [error, valid] = await tokenIdValidator.tryValidate(params)
    if (error) throw ApiError.notFound('Token')
    await new TokenService().revoke(auth.user!, valid.id)
    return response.noContent()
  }
}

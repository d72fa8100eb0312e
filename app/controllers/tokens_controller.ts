import type { HttpContext } from '@adonisjs/core/http'
import TokenService from '#app/services/token_service'
import { pageValidator } from '#app/helpers/pagination'
import { createTokenValidator } from '#app/validators/token_validators'
import { transformNewToken, transformTokenRow } from '#app/transformers/token_transformer'
import ApiError from '#app/exceptions/api_error'
import { isTokenId } from '#app/auth/personal_access_tokens'

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
    if (!isTokenId(params.id)) throw ApiError.notFound('Token')
    await new TokenService().revoke(auth.user!, Number(params.id))
    return response.noContent()
  }
}

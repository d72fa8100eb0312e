import type { HttpContext } from '@adonisjs/core/http'
import UserService from '#app/services/user_service'
import TokenService from '#app/services/token_service'
import { endSessionsBeyondLimit, verifyLogin } from '#app/services/auth_service'
import { signupValidator, loginValidator } from '#app/validators/user_validators'
import { issueTokenValidator } from '#app/validators/token_validators'
import { transformMe } from '#app/transformers/user_transformer'
import { transformTeam } from '#app/transformers/team_transformer'
import { transformNewToken } from '#app/transformers/token_transformer'

export default class AuthController {
  /** The web app calls this first: the response sets the XSRF-TOKEN cookie. */
  async csrf({ response }: HttpContext) {
    return response.noContent()
  }

  async signup(ctx: HttpContext) {
    const payload = await ctx.request.validateUsing(signupValidator)
    const { user, team } = await new UserService().signup(payload)
    await this.#startSession(ctx, user)
    return ctx.response.created({
      user: transformMe(user),
      team: team ? transformTeam(team, 'member', false) : null,
    })
  }

  async login(ctx: HttpContext) {
    const { login, password } = await ctx.request.validateUsing(loginValidator)
    const user = await verifyLogin(login, password, ctx.request.ip())
    await this.#startSession(ctx, user)
    return { user: transformMe(user) }
  }

  async logout({ auth, response, session }: HttpContext) {
    const user = auth.user!
    await auth.use('web').logout()
    await new UserService().endSession(user.id, session.sessionId)
    return response.noContent()
  }

  /** Scripts without a browser trade a login and password for a token. */
  async issueToken({ request, response }: HttpContext) {
    const { login, password, ...params } = await request.validateUsing(issueTokenValidator)
    const user = await verifyLogin(login, password, request.ip())
    const token = await new TokenService().create(user, params)
    return response.created(transformNewToken(token))
  }

  async #startSession({ auth, session }: HttpContext, user: Parameters<typeof transformMe>[0]) {
    await auth.use('web').login(user)
    await session.tag(user.id)
    await endSessionsBeyondLimit(user.id)
  }
}

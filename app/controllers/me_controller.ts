import type { HttpContext } from '@adonisjs/core/http'
import UserService from '#app/services/user_service'
import {
  changePasswordValidator,
  confirmEmailValidator,
  updateProfileValidator,
} from '#app/validators/user_validators'
import { transformMe } from '#app/transformers/user_transformer'

export default class MeController {
  async show({ auth }: HttpContext) {
    return transformMe(auth.user!)
  }

  /** `pendingEmail`: the address a confirmation was sent to, until it is confirmed. */
  async update({ auth, request }: HttpContext) {
    const changes = await request.validateUsing(updateProfileValidator)
    const { user, pendingEmail } = await new UserService().updateProfile(auth.user!, changes)
    return { ...transformMe(user), pendingEmail }
  }

  async confirmEmail({ auth, request }: HttpContext) {
    const { token } = await request.validateUsing(confirmEmailValidator)
    const user = await new UserService().confirmEmail(auth.user!, token)
    return transformMe(user)
  }

  /** Other sessions end; this one (if it is a session) stays signed in. */
  async changePassword({ auth, request, response, session }: HttpContext) {
    const { currentPassword, newPassword } = await request.validateUsing(changePasswordValidator)
    await new UserService().changePassword(
      auth.user!,
      currentPassword,
      newPassword,
      session?.sessionId
    )
    return response.noContent()
  }
}

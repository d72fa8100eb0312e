import type { HttpContext } from '@adonisjs/core/http'
import UserService from '#app/services/user_service'
import SystemPolicy from '#app/policies/system_policy'
import { pageValidator } from '#app/helpers/pagination'
import { transformUser, transformUserForAdmin } from '#app/transformers/user_transformer'

export default class UsersController {
  /** Every account, for system admins. */
  async index({ bouncer, request }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const page = await pageValidator.validate(request.qs())
    const { data, next } = await new UserService().list(page)
    return { data: data.map(transformUserForAdmin), next }
  }

  /** A user the caller shares a team with (system admins see everyone). */
  async show({ auth, params }: HttpContext) {
    const user = await new UserService().findVisible(auth.user!, params.id)
    return auth.user!.hasAdminPowers ? transformUserForAdmin(user) : transformUser(user)
  }

  /** System admins deactivate anyone; people may deactivate themselves. */
  async deactivate({ auth, bouncer, params }: HttpContext) {
    const service = new UserService()
    const user = await service.findVisible(auth.user!, params.id)
    if (user.id !== auth.user!.id) await bouncer.with(SystemPolicy).authorize('administer')
    return transformUserForAdmin(await service.deactivate(user))
  }

  async reactivate({ auth, bouncer, params }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const service = new UserService()
    const user = await service.findVisible(auth.user!, params.id)
    return transformUserForAdmin(await service.reactivate(user))
  }
}

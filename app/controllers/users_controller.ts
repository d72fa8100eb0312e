import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import UserService from '#app/services/user_service'
import SystemPolicy from '#app/policies/system_policy'
import {
  changeSystemRoleValidator,
  createUserValidator,
  listUsersValidator,
  resetPasswordValidator,
} from '#app/validators/user_validators'
import { transformUser, transformUserForAdmin } from '#app/transformers/user_transformer'

export default class UsersController {
  /** Every account, for system admins; `q` narrows it to logins and names starting with it. */
  async index({ bouncer, request }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const { q, ...page } = await listUsersValidator.validate(request.qs())
    const { data, next } = await new UserService().list(page, q)
    return { data: data.map(transformUserForAdmin), next }
  }

  /** A system admin makes an account (as ace `user:create` does): no invite needed. */
  async store({ auth, bouncer, request, response }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const input = await request.validateUsing(createUserValidator)
    const user = await new UserService().createByAdmin(input)
    logger.info({ adminId: auth.user!.id, userId: user.id }, 'admin created an account')
    return response.created(transformUserForAdmin(user))
  }

  /** A user the caller shares a team with (system admins see everyone). */
  async show({ auth, params }: HttpContext) {
    const user = await new UserService().findVisible(auth.user!, params.id)
    return auth.user!.hasAdminPowers ? transformUserForAdmin(user) : transformUser(user)
  }

  /** A system admin grants or revokes system admin (ace `user:role`). */
  async update({ auth, bouncer, params, request }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const { isAdmin } = await request.validateUsing(changeSystemRoleValidator)
    const service = new UserService()
    const user = await service.setAdmin(await service.findVisible(auth.user!, params.id), isAdmin)
    logger.info({ adminId: auth.user!.id, userId: user.id, isAdmin }, 'admin changed a system role')
    return transformUserForAdmin(user)
  }

  /** A system admin sets a new password (ace `user:reset-password`); its sessions end. */
  async resetPassword({ auth, bouncer, params, request, response }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const { password } = await request.validateUsing(resetPasswordValidator)
    const service = new UserService()
    const user = await service.findVisible(auth.user!, params.id)
    await service.resetPassword(user, password)
    logger.info({ adminId: auth.user!.id, userId: user.id }, 'admin reset a password')
    return response.noContent()
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

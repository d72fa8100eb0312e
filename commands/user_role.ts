import { args } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import UserService from '#app/services/user_service'
import ApiError from '#app/exceptions/api_error'

export default class UserRole extends AdminCommand {
  static commandName = 'user:role'
  static description = 'Grant (admin) or revoke (user) system admin'

  @args.string({ description: 'Username or email' })
  declare login: string

  @args.string({ description: '"admin" or "user"' })
  declare role: string

  async handle() {
    if (!['admin', 'user'].includes(this.role)) {
      throw ApiError.invalid(
        'role',
        'invalid_role',
        `Role must be "admin" or "user", not "${this.role}"`
      )
    }
    const service = new UserService()
    const user = await service.setAdmin(
      await service.findByLogin(this.login),
      this.role === 'admin'
    )
    this.logger.success(
      `${user.username} is now ${user.isAdmin ? 'a system admin' : 'a regular user'}`
    )
  }
}

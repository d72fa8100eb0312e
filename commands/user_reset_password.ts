import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import UserService from '#app/services/user_service'
import { resetPasswordValidator } from '#app/validators/user_validators'

export default class UserResetPassword extends AdminCommand {
  static commandName = 'user:reset-password'
  static description = 'Set a new password and end all sessions of an account'

  @args.string({ description: 'Username or email' })
  declare login: string

  @flags.string({ description: 'The new password (at least 8 characters)' })
  declare password: string

  async handle() {
    const { password } = await this.validate(resetPasswordValidator, { password: this.password })
    const service = new UserService()
    const user = await service.findByLogin(this.login)
    await service.resetPassword(user, password)
    this.logger.success(`Password of ${user.username} reset; their sessions have ended`)
  }
}

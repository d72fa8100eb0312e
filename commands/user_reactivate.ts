import { args } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import UserService from '#app/services/user_service'

export default class UserReactivate extends AdminCommand {
  static commandName = 'user:reactivate'
  static description = 'Let a deactivated account log in again'

  @args.string({ description: 'Username or email' })
  declare login: string

  async handle() {
    const service = new UserService()
    const user = await service.reactivate(await service.findByLogin(this.login))
    this.logger.success(`Reactivated ${user.username}`)
  }
}

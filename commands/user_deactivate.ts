import { args } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import UserService from '#app/services/user_service'

export default class UserDeactivate extends AdminCommand {
  static commandName = 'user:deactivate'
  static description = 'Deactivate an account and end its sessions and tokens'

  @args.string({ description: 'Username or email' })
  declare login: string

  async handle() {
    const service = new UserService()
    const user = await service.deactivate(await service.findByLogin(this.login))
    this.logger.success(`Deactivated ${user.username}`)
  }
}

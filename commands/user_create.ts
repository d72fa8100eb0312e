import { flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import UserService from '#app/services/user_service'
import { createUserValidator } from '#app/validators/user_validators'

export default class UserCreate extends AdminCommand {
  static commandName = 'user:create'
  static description = 'Create an account (the first is always a system admin)'

  @flags.string({ description: 'Username (3-22 characters: a-z, 0-9, . _ -)' })
  declare username: string

  @flags.string({ description: 'Email address' })
  declare email: string

  @flags.string({ description: 'Password (at least 8 characters)' })
  declare password: string

  @flags.string({ description: 'Display name', alias: 'name' })
  declare displayName?: string

  @flags.boolean({ description: 'Make the account a system admin' })
  declare admin: boolean

  async handle() {
    const input = await this.validate(createUserValidator, {
      username: this.username,
      email: this.email,
      password: this.password,
      displayName: this.displayName,
      isAdmin: this.admin ?? false,
    })
    const user = await new UserService().createByAdmin(input)
    this.logger.success(
      `Created ${user.isAdmin ? 'system admin' : 'user'} ${user.username} <${user.email}> (${user.id})`
    )
  }
}

import { AdminCommand } from '#app/console/admin_command'
import UserService from '#app/services/user_service'

export default class UserList extends AdminCommand {
  static commandName = 'user:list'
  static description = 'List every account'

  async handle() {
    const table = this.ui
      .table()
      .head(['Username', 'Email', 'Display name', 'Admin', 'Active', 'Created'])
    const service = new UserService()
    let count = 0
    let after: string | undefined
    do {
      const page = await service.list({ after, limit: 200 })
      for (const user of page.data) {
        table.row([
          user.username,
          user.email,
          user.displayName,
          user.isAdmin ? 'yes' : 'no',
          user.isActive ? 'yes' : 'no',
          user.createdAt.toISODate() ?? '',
        ])
      }
      count += page.data.length
      after = page.next ?? undefined
    } while (after)
    table.render()
    this.logger.info(`${count} account(s)`)
  }
}

import { AdminCommand } from '#app/console/admin_command'
import TeamService from '#app/services/team_service'

export default class TeamList extends AdminCommand {
  static commandName = 'team:list'
  static description = 'List every team with its member count'

  async handle() {
    const table = this.ui.table().head(['Id', 'Name', 'Members', 'Created'])
    const service = new TeamService()
    let count = 0
    let after: string | undefined
    do {
      const page = await service.listAll({ after, limit: 200 })
      const counts = await service.memberCounts(page.data.map((team) => team.id))
      for (const team of page.data) {
        table.row([
          team.id,
          team.name,
          String(counts.get(team.id) ?? 0),
          team.createdAt.toISODate() ?? '',
        ])
      }
      count += page.data.length
      after = page.next ?? undefined
    } while (after)
    table.render()
    this.logger.info(`${count} team(s)`)
  }
}

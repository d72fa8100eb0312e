import { flags } from '@adonisjs/core/ace'
import db from '@adonisjs/lucid/services/db'
import { AdminCommand } from '#app/console/admin_command'
import { findTeamForAdmin } from '#app/console/lookups'
import Board from '#boards/models/board'

export default class BoardList extends AdminCommand {
  static commandName = 'board:list'
  static description = 'List boards, with their channel and card count'

  @flags.string({ description: 'Only this team (id or name)' })
  declare team?: string

  @flags.boolean({ description: 'Include archived boards' })
  declare archived: boolean

  async handle() {
    const team = this.team ? await findTeamForAdmin(this.team) : null
    const boards = await Board.query()
      .if(team, (query) => query.where('team_id', team!.id))
      .if(!this.archived, (query) => query.whereNull('archived_at'))
      .orderBy('created_at')
    const counts = new Map<string, number>()
    if (boards.length > 0) {
      const rows = await db
        .from('cards')
        .whereIn(
          'board_id',
          boards.map((board) => board.id)
        )
        .groupBy('board_id')
        .select('board_id')
        .count('* as total')
      for (const row of rows) counts.set(row.board_id, Number(row.total))
    }
    const table = this.ui.table().head(['Id', 'Title', 'Channel', 'Cards', 'Archived'])
    for (const board of boards) {
      table.row([
        board.id,
        board.title,
        board.channelId,
        String(counts.get(board.id) ?? 0),
        board.isArchived ? 'yes' : 'no',
      ])
    }
    table.render()
    this.logger.info(`${boards.length} board(s)`)
  }
}

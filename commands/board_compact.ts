import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import ApiError from '#app/exceptions/api_error'
import Board from '#boards/models/board'
import { findBoardForAdmin } from '#boards/console/lookups'
import { documentStore } from '#boards/services/document_store'

export default class BoardCompact extends AdminCommand {
  static commandName = 'board:compact'
  static description = "Fold a board's update log into its snapshot (or every board's, with --all)"

  @args.string({ description: 'Board id', required: false })
  declare board?: string

  @flags.boolean({ description: 'Every board' })
  declare all: boolean

  async handle() {
    if (!this.board && !this.all) {
      throw ApiError.invalid('board', 'required', 'Name a board by id, or pass --all')
    }
    const boards = this.all
      ? await Board.query().orderBy('created_at')
      : [await findBoardForAdmin(this.board!)]
    for (const board of boards) {
      const { removed, bytes } = await documentStore.compact(board.id)
      this.logger.success(
        `"${board.title}": ${removed} log rows folded into a ${bytes}-byte snapshot`
      )
    }
    await documentStore.close()
  }
}

import { writeFile } from 'node:fs/promises'
import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import { findBoardForAdmin } from '#boards/console/lookups'
import BoardArchive from '#boards/services/board_archive'

export default class BoardExport extends AdminCommand {
  static commandName = 'board:export'
  static description = 'Write a board (settings, document and card rows) to a JSON archive'

  @args.string({ description: 'Board id' })
  declare board: string

  @flags.string({ description: 'File to write (default: standard output)' })
  declare output?: string

  async handle() {
    const board = await findBoardForAdmin(this.board)
    const archive = await new BoardArchive().export(board)
    const json = JSON.stringify(archive, null, 2)
    if (!this.output) {
      process.stdout.write(`${json}\n`)
      return
    }
    await writeFile(this.output, json)
    this.logger.success(
      `Exported "${board.title}" (${archive.cards.length} cards) to ${this.output}`
    )
  }
}

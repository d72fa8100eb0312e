import { readFile } from 'node:fs/promises'
import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import ApiError from '#app/exceptions/api_error'
import { findChannelForAdmin } from '#chat/console/lookups'
import BoardArchive from '#boards/services/board_archive'

export default class BoardImport extends AdminCommand {
  static commandName = 'board:import'
  static description = 'Make a board in a channel from an archive written by board:export'

  @args.string({ description: 'Archive file' })
  declare file: string

  @flags.string({ description: 'Channel id, or name with --team' })
  declare channel: string

  @flags.string({ description: 'Team id or name, to find the channel by name' })
  declare team?: string

  async handle() {
    if (!this.channel)
      throw ApiError.invalid('channel', 'required', 'Name the channel with --channel')
    const access = await findChannelForAdmin(this.channel, this.team)
    let archive: unknown
    try {
      archive = JSON.parse(await readFile(this.file, 'utf8'))
    } catch (error) {
      throw ApiError.invalid(
        'file',
        'unreadable',
        `Cannot read ${this.file}: ${(error as Error).message}`
      )
    }
    const { board, cards } = await new BoardArchive().import(access, archive)
    this.logger.success(`Imported "${board.title}" (${cards} cards) as board ${board.id}`)
  }
}

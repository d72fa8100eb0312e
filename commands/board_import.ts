import { readFile } from 'node:fs/promises'
import { args, flags } from '@adonisjs/core/ace'
import { AdminCommand } from '#app/console/admin_command'
import ApiError from '#app/exceptions/api_error'
import { findChannelForAdmin } from '#chat/console/lookups'
import BoardArchive, { type ImportReport } from '#boards/services/board_archive'
import { importBoardValidator } from '#boards/validators/board_validators'

const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

export default class BoardImport extends AdminCommand {
  static commandName = 'board:import'
  static description =
    'Make a board in a channel from an archive written by board:export: its key, card numbers, threads and roles'

  @args.string({ description: 'Archive file' })
  declare file: string

  @flags.string({ description: 'Channel id, or name with --team' })
  declare channel: string

  @flags.string({ description: 'Team id or name, to find the channel by name' })
  declare team?: string

  @flags.string({ description: 'Key for the board when the archive’s is taken in the team' })
  declare key?: string

  async handle() {
    if (!this.channel)
      throw ApiError.invalid('channel', 'required', 'Name the channel with --channel')
    const { key } = await this.validate(importBoardValidator, { key: this.key })
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
    try {
      this.#print(await new BoardArchive().import(access, archive, { key }))
    } catch (error) {
      if (error instanceof ApiError && error.code === 'key_taken') {
        throw ApiError.conflict('key_taken', `${error.message}: name another with --key`)
      }
      throw error
    }
  }

  /** What was imported, then what could not be mapped onto the team. */
  #print(report: ImportReport) {
    const { board } = report
    this.logger.success(
      `Imported "${board.title}" as board ${board.id} with key ${board.key}: ` +
        `${counted(report.cards, 'card')}, ${counted(report.threads, 'card thread')} with their numbers, ` +
        `${counted(report.roles, 'role')}; the next card is ${board.key}-${board.lastCardNumber + 1}`
    )
    if (report.numbered > 0) {
      this.logger.info(
        `${counted(report.numbered, 'card')} had no thread in the archive: numbered afresh`
      )
    }
    if (report.newIds > 0) {
      this.logger.warning(
        `${counted(report.newIds, 'card')} given new ids (taken on this server, or no UUIDs): ` +
          'links to them by address do not follow'
      )
    }
    for (const { name, lost } of report.missing) {
      this.logger.warning(`Not found in the team, left out: ${name}: ${lost.join('; ')}`)
    }
    if (report.substitute) {
      this.logger.warning(
        `Card posts written by ${report.substitute.author} instead: ${report.substitute.refs.join(', ')}`
      )
    }
  }
}

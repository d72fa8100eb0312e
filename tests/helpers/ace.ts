import ace from '@adonisjs/core/services/ace'
import type { BaseCommand } from '@adonisjs/core/ace'
import type { Group } from '@japa/runner/core'

/**
 * Call in a group of command tests so that what the commands print can be read back (ace raw mode).
 */
export function rawOutput(group: Group) {
  group.setup(() => {
    ace.ui.switchMode('raw')
    return () => ace.ui.switchMode('normal')
  })
}

/**
 * Use to run a command in-process with a fresh log; all commands share one raw-mode logger, so
 * assert its lines before running the next.
 */
export async function run<Command extends typeof BaseCommand>(command: Command, argv: string[]) {
  const instance = await ace.create(command, argv)
  instance.ui.logger.flushLogs()
  await instance.exec()
  return instance
}

/** Use to check a command's error lines, read without their `[ error ]` label. */
export function errorsOf(command: BaseCommand) {
  return command.ui.logger
    .getLogs()
    .filter((log) => log.stream === 'stderr')
    .map((log) => log.message.replace(/^\[ red\(error\) \] /, ''))
}

/** Use to check a table a command printed: its rows split into cells, header first. */
export function tableOf(command: BaseCommand) {
  return command.ui.logger
    .getLogs()
    .filter((log) => log.stream === 'stdout' && !log.message.startsWith('['))
    .map((log) => log.message.split('|'))
}

import type User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import type { ChannelAccess } from '#chat/services/channel_access'

/**
 * Slash commands: `/card move OPS-42 Done` typed in a channel. Chat parses
 * and dispatches; modules register what the commands do (boards registers
 * `/card` and `/board` at boot). Every outcome is an ephemeral reply to the
 * caller, shown in the composer, never an error page: bad arguments and
 * unknown commands answer with help.
 */

export type CommandContext = {
  user: User
  access: ChannelAccess
  /** The text after the command's name, trimmed. */
  args: string
}

/** What the caller sees; `data` is what a UI needs to show more (a card, a list). */
export type CommandReply = { text: string; data?: unknown }

/** What a composer may offer while someone types an argument. */
export type CommandArgumentKind = 'text' | 'card' | 'user' | 'date' | 'choice'

export type CommandArgument = {
  /** What it stands for, e.g. `column`. */
  name: string
  kind: CommandArgumentKind
  /** How it reads in the usage, e.g. `<column | none>` or `@user [@user…]`. */
  hint: string
}

/** One way to call a command, e.g. `/card move OPS-42 <column | none>`. */
export type CommandForm = {
  /** The word after the command's name that picks this form (`move`), or `''`. */
  subcommand: string
  description: string
  args: CommandArgument[]
}

export interface SlashCommand {
  /** The word after the slash, lower case. */
  name: string
  description: string
  forms: CommandForm[]
  run(context: CommandContext): Promise<CommandReply>
}

/** Thrown by a command for arguments it cannot use: the caller gets this text and the usage. */
export class CommandUsageError extends Error {}

/** Thrown by a command that understood but may not or cannot act: the caller gets this text. */
export class CommandRefusal extends Error {}

/** The longest command a composer may send, in characters. */
export const MAX_COMMAND_LENGTH = 4000

class CommandRegistry {
  #commands = new Map<string, SlashCommand>()

  register(command: SlashCommand) {
    this.#commands.set(command.name, command)
  }

  find(name: string) {
    return this.#commands.get(name)
  }

  list() {
    return [...this.#commands.values()].sort((a, b) => a.name.localeCompare(b.name))
  }
}

export const slashCommands = new CommandRegistry()

export type CommandResult = {
  ephemeral: true
  ok: boolean
  command: string | null
  text: string
  data: unknown
}

/** A form as typed, e.g. `/card move OPS-42 <column | none>`. */
export function usageOf(command: SlashCommand, form: CommandForm) {
  return [`/${command.name}`, form.subcommand, ...form.args.map((arg) => arg.hint)]
    .filter((part) => part !== '')
    .join(' ')
}

function helpFor(command: SlashCommand) {
  return [
    `/${command.name}: ${command.description}`,
    ...command.forms.map((form) => `  ${usageOf(command, form)}: ${form.description}`),
  ]
}

/** Runs the command a user typed in a channel and answers with an ephemeral reply. */
export default class CommandService {
  async run(user: User, access: ChannelAccess, typed: string): Promise<CommandResult> {
    const match = /^\/([a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(typed.trim())
    const command = match ? slashCommands.find(match[1].toLowerCase()) : undefined
    if (!match || !command) {
      const known = slashCommands.list().flatMap(helpFor)
      const what = match ? `Unknown command /${match[1]}.` : 'A command starts with /.'
      return this.#reply(null, false, [what, 'Commands:', ...known].join('\n'))
    }
    try {
      const reply = await command.run({ user, access, args: (match[2] ?? '').trim() })
      return this.#reply(command.name, true, reply.text, reply.data)
    } catch (error) {
      if (error instanceof CommandRefusal) return this.#reply(command.name, false, error.message)
      // A refusal of the service the command called (a 404, a 422) reads as its sentence.
      if (error instanceof ApiError && (error.status ?? 500) < 500) {
        return this.#reply(command.name, false, error.message)
      }
      if (!(error instanceof CommandUsageError)) throw error
      return this.#reply(command.name, false, [error.message, ...helpFor(command)].join('\n'))
    }
  }

  #reply(command: string | null, ok: boolean, text: string, data: unknown = null): CommandResult {
    return { ephemeral: true, ok, command, text, data }
  }
}

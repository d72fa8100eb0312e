import { usageOf, type SlashCommand } from '#chat/services/commands'

/** A slash command as the composer's autocomplete reads it. */
export function transformCommand(command: SlashCommand) {
  return {
    name: command.name,
    description: command.description,
    forms: command.forms.map((form) => ({
      usage: usageOf(command, form),
      subcommand: form.subcommand,
      description: form.description,
      args: form.args.map(({ name, kind, hint }) => ({ name, kind, hint })),
    })),
  }
}

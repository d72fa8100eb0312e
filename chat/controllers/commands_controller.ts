import type { HttpContext } from '@adonisjs/core/http'
import { findVisibleChannel } from '#chat/services/channel_access'
import CommandService, { slashCommands } from '#chat/services/commands'
import ChannelPolicy from '#chat/policies/channel_policy'
import { commandValidator } from '#chat/validators/command_validators'
import { transformCommand } from '#chat/transformers/command_transformer'

export default class CommandsController {
  /** Every slash command the server knows, with its forms, for the composer's autocomplete. */
  async index() {
    return { data: slashCommands.list().map(transformCommand) }
  }

  /** Runs a slash command typed in a channel; the reply is ephemeral (for the caller only). */
  async store({ auth, bouncer, params, request }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    const { command } = await request.validateUsing(commandValidator)
    return new CommandService().run(auth.user!, access, command)
  }
}

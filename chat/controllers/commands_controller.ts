import type { HttpContext } from '@adonisjs/core/http'
import { findVisibleChannel } from '#chat/services/channel_access'
import CommandService from '#chat/services/commands'
import ChannelPolicy from '#chat/policies/channel_policy'
import { commandValidator } from '#chat/validators/command_validators'

export default class CommandsController {
  /** Runs a slash command typed in a channel; the reply is ephemeral (for the caller only). */
  async store({ auth, bouncer, params, request }: HttpContext) {
    const access = await findVisibleChannel(auth.user!, params.id)
    await bouncer.with(ChannelPolicy).authorize('participate', access)
    const { command } = await request.validateUsing(commandValidator)
    return new CommandService().run(auth.user!, access, command)
  }
}

import { ref } from 'vue'
import { commandsApi, type CommandResult } from '@/api/commands'
import { ApiError } from '@/api/http'

/**
 * Runs a slash command typed in a composer and keeps its ephemeral answer for the composer to
 * show (to its sender only; nothing is posted). `run` resolves true when the command worked.
 */
export function useSlashCommand() {
  const notice = ref<Pick<CommandResult, 'ok' | 'text'> | null>(null)
  const running = ref(false)

  async function run(channelId: string, command: string) {
    notice.value = null
    running.value = true
    try {
      const result = await commandsApi.run(channelId, command)
      // An unknown command is answered with the list; say how to send it as a message anyway.
      const text = result.command
        ? result.text
        : `${result.text}\nTo send a message starting with /, begin it with //.`
      notice.value = { ok: result.ok, text }
      return result.ok
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      notice.value = { ok: false, text: error.summary() ?? 'The command could not be run.' }
      return false
    } finally {
      running.value = false
    }
  }

  return { notice, running, run, dismiss: () => (notice.value = null) }
}

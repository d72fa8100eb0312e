import type { Command } from '@/composables/autocomplete'
import { request } from './http'

/** A command's ephemeral answer: for the caller only, never posted. */
export type CommandResult = {
  ephemeral: true
  ok: boolean
  command: string | null
  text: string
  data: unknown
}

/** Slash commands: the server's registry (for autocomplete) and running one in a channel. */
export const commandsApi = {
  list: () => request<{ data: Command[] }>('GET', '/api/v1/commands'),
  run: (channelId: string, command: string) =>
    request<CommandResult>('POST', `/api/v1/channels/${channelId}/commands`, {
      body: { command },
    }),
}

import { request } from './http'
import type { PresenceStatus } from './types'

/** Signals the server broadcasts but never stores: typing and presence heartbeats. */
export const signalsApi = {
  typing: (channelId: string, rootId: string | null) =>
    request<void>('POST', `/api/v1/channels/${channelId}/typing`, {
      body: rootId ? { rootId } : {},
    }),
  heartbeat: (status: 'online' | 'away') =>
    request<{ userId: string; status: PresenceStatus }>('POST', '/api/v1/users/me/presence', {
      body: { status },
    }),
}

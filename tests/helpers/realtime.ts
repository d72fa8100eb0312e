import { connections } from '#chat/realtime/connections'
import { SseClient } from '#tests/helpers/sse_client'
import type { WebClient } from '#tests/helpers/web_client'

/** The `cleanup` of a Japa test context, which SSE helpers use to hang up when the test ends. */
export type Cleanup = (handler: () => void | Promise<void>) => void

/** Use to wait for a condition that no SSE event announces (a connection closing, presence). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/**
 * Use to close a connection and wait until the server has let go of it, so that what the server
 * does on a disconnect (presence) happens inside the test.
 */
export async function hangUp(sse: SseClient) {
  sse.close()
  await eventually(() => connections.ownerOf(sse.uid) === null)
}

/**
 * Use for a real SSE connection of the client's user that the test subscribes itself; it is hung up
 * when the test ends.
 */
export async function openSse(client: WebClient, cleanup: Cleanup) {
  const sse = new SseClient(client)
  cleanup(() => hangUp(sse))
  await sse.connect()
  return sse
}

/**
 * Use for a real SSE connection of the client's user already subscribed to each stream (each must
 * answer 204).
 */
export async function listen(client: WebClient, cleanup: Cleanup, ...streams: string[]) {
  const sse = await openSse(client, cleanup)
  for (const stream of streams) {
    const status = await sse.subscribe(stream)
    if (status !== 204) throw new Error(`subscribing to ${stream} answered ${status}`)
  }
  return sse
}

import type { Server } from 'node:http'
import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Serves board sockets on the app's HTTP server once it exists (the
 * WebSocket server shares the HTTP port). The test runner's HTTP server is
 * created later, by tests/bootstrap.ts, which attaches it the same way.
 */
export default class BoardSyncProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    const { boardSync } = await import('#boards/sync/board_sync_server')
    const { documentStore } = await import('#boards/services/document_store')

    // Registered after the HTTP server's own terminating hook, so it runs before it (hooks
    // run in reverse): closing the HTTP server waits for every upgraded socket to end.
    this.app.terminating(async () => {
      await boardSync.close()
      await documentStore.close()
    })

    const server = await this.app.container.make('server')
    const nodeServer = server.getNodeServer()
    if (nodeServer) boardSync.attach(nodeServer as Server)
  }
}

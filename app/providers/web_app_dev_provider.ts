import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { ApplicationService } from '@adonisjs/core/types'
import { isServerPath } from '#app/helpers/web_app'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

const SOURCE_FILE = /\.(ts|vue|js|css)$/

/**
 * `npm run dev` (NODE_ENV=development): Vite serves the web app from resources/ with hot
 * reload on the app's own port, in front of the server, so the app and the API share one
 * origin and its cookies. API, Transmit and health requests go straight to the server; the
 * HMR socket shares the port beside the board sockets.
 */
export default class WebAppDevProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (!this.app.inDev) return
    const server = await this.app.container.make('server')
    const nodeServer = server.getNodeServer() as Server | undefined
    if (!nodeServer) return

    const { createServer } = await import('vite')
    const vite = await createServer({
      configFile: this.app.makePath('vite.config.ts'),
      server: { middlewareMode: true, ws: { server: nodeServer } },
      appType: 'spa',
    })
    this.app.terminating(() => vite.close())

    const handlers = nodeServer.listeners('request') as Listener[]
    nodeServer.removeAllListeners('request')
    const toServer: Listener = (req, res) => handlers.forEach((handler) => handler(req, res))
    nodeServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0]
      // resources/api/*.ts is served as /api/*.ts: source files go to Vite whatever their path.
      if (isServerPath(path) && !SOURCE_FILE.test(path)) return toServer(req, res)
      vite.middlewares(req, res, () => toServer(req, res))
    })
  }
}

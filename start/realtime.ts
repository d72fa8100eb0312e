/*
|--------------------------------------------------------------------------
| Realtime
|--------------------------------------------------------------------------
|
| Wiring only: follow SSE connections for ownership and presence, and end
| them when the process stops.
|
*/
import app from '@adonisjs/core/services/app'
import { connections } from '#chat/realtime/connections'
import { watchConnections } from '#chat/realtime/transmit_hooks'

watchConnections()

/**
 * Open streams would keep the HTTP server from closing. Terminating hooks
 * run in reverse order, so this one is registered once the app is ready,
 * after the HTTP server's own: the streams end first, then the server closes.
 */
app.ready(() => {
  app.terminating(() => connections.closeEverything())
})

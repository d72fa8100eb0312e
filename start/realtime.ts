/*
|--------------------------------------------------------------------------
| Realtime
|--------------------------------------------------------------------------
|
| Wiring only: follow SSE connections for presence, check now and then that
| the sessions and tokens they were opened with still hold, and end them
| when the process stops.
|
*/
import app from '@adonisjs/core/services/app'
import { connections } from '#chat/realtime/connections'
import { watchConnections } from '#chat/realtime/transmit_hooks'
import { watchCredentials } from '#chat/realtime/stream_credentials'

watchConnections()
const stopWatchingCredentials = watchCredentials()

/**
 * Open streams would keep the HTTP server from closing. Terminating hooks
 * run in reverse order, so this one is registered once the app is ready,
 * after the HTTP server's own: the streams end first, then the server closes.
 */
app.ready(() => {
  app.terminating(() => {
    stopWatchingCredentials()
    return connections.closeEverything()
  })
})

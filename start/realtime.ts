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

/** Open streams would keep the HTTP server from closing. */
app.terminating(() => connections.closeEverything())

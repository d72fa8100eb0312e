/*
|--------------------------------------------------------------------------
| Realtime
|--------------------------------------------------------------------------
|
| Wiring only: follow SSE connections for ownership and presence.
|
*/
import { watchConnections } from '#chat/realtime/transmit_hooks'

watchConnections()

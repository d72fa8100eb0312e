/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Wiring only: each module declares its own routes.
|
*/
import router from '@adonisjs/core/services/router'

const HealthController = () => import('#app/controllers/health_controller')
const WebAppController = () => import('#app/controllers/web_app_controller')

router.get('/health', [HealthController, 'show']).as('health')

await import('#app/routes')
await import('#chat/routes')
await import('#boards/routes')

// Last: every other GET is an address of the web app, answered with its page (deep links).
router.get('*', [WebAppController, 'show']).as('web_app')

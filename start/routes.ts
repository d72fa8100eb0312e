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

router.get('/health', [HealthController, 'show']).as('health')

await import('#app/routes')
await import('#chat/routes')
await import('#boards/routes')

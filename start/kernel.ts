/*
|--------------------------------------------------------------------------
| HTTP kernel
|--------------------------------------------------------------------------
|
| Server middleware runs on every request, router middleware on every
| request that matched a route, named middleware where a route asks for it.
|
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#app/exceptions/handler'))

server.use([
  () => import('#app/middleware/request_id_middleware'),
  () => import('#app/middleware/container_bindings_middleware'),
  () => import('#app/middleware/security_headers_middleware'),
  () => import('#app/middleware/web_app_assets_middleware'),
  () => import('#app/middleware/force_json_response_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#app/middleware/browser_session_middleware'),
  () => import('#app/middleware/initialize_bouncer_middleware'),
])

export const middleware = router.named({
  auth: () => import('#app/middleware/auth_middleware'),
  team: () => import('#app/middleware/team_middleware'),
  sessionOnly: () => import('#app/middleware/session_only_middleware'),
})

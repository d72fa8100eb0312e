/*
|--------------------------------------------------------------------------
| Request rate limits
|--------------------------------------------------------------------------
|
| Over a limit the answer is 429 with Retry-After and X-RateLimit-* headers
| and our JSON error body. Login has its own stricter limiter
| (app/services/login_throttle.ts).
|
*/
import env from '#start/env'
import limiter from '@adonisjs/limiter/services/main'

const API_PER_MINUTE = env.get('API_RATE_LIMIT', 1200)

/** Every authenticated API request: per account, generous for scripts. */
export const apiThrottle = limiter.define('api', (ctx) => {
  return limiter
    .allowRequests(API_PER_MINUTE)
    .every('1 minute')
    .usingKey(`user:${ctx.auth.user?.id ?? ctx.request.ip()}`)
})

/** Account creation: per client address. */
export const signupThrottle = limiter.define('signup', (ctx) => {
  return limiter.allowRequests(20).every('1 hour').usingKey(`ip:${ctx.request.ip()}`)
})

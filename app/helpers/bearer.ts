import type { HttpRequest } from '@adonisjs/core/http'

/**
 * The Bearer token of a request, or null when it has none. Used to pick the
 * token guard and to exempt token requests from CSRF checks.
 */
export function bearerToken(request: HttpRequest) {
  const header = request.header('authorization')
  if (!header) return null
  const [scheme, value] = header.split(' ')
  return scheme?.toLowerCase() === 'bearer' && value ? value : null
}

import type { HttpContext } from '@adonisjs/core/http'
import ApiError from '#app/exceptions/api_error'
import { isWebAppAddress, webAppPage } from '#app/helpers/web_app'

export default class WebAppController {
  /**
   * The web app's page for any address it owns, so a deep link works on reload; the app
   * routes in the browser. Unknown API paths stay JSON 404s.
   */
  async show({ request, response }: HttpContext) {
    if (!isWebAppAddress(request.url())) {
      throw new ApiError(404, 'route_not_found', 'No such route')
    }
    const page = await webAppPage()
    if (!page) {
      throw new ApiError(503, 'web_app_missing', 'The web app is not built: run npm run build:web')
    }
    response.header('Content-Type', 'text/html; charset=utf-8')
    response.header('Cache-Control', 'no-cache')
    return response.send(page)
  }
}

import type { HttpContext } from '@adonisjs/core/http'
import { checkHealth } from '#app/services/health_service'

export default class HealthController {
  /** 200 when every dependency answers, 503 naming what failed. */
  async show({ response }: HttpContext) {
    const report = await checkHealth()
    return response.status(report.healthy ? 200 : 503).send(report)
  }
}

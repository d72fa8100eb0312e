import type { HttpContext } from '@adonisjs/core/http'
import SettingService from '#app/services/setting_service'
import SystemPolicy from '#app/policies/system_policy'
import { updateSettingsValidator } from '#app/validators/setting_validators'

export default class SettingsController {
  async show({ bouncer }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    return new SettingService().all()
  }

  async update({ bouncer, request }: HttpContext) {
    await bouncer.with(SystemPolicy).authorize('administer')
    const changes = await request.validateUsing(updateSettingsValidator)
    return new SettingService().update(changes)
  }
}

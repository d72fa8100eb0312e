import { ref } from 'vue'
import { notificationsApi, type NotificationSettings } from '@/api/notifications'

const settings = ref<NotificationSettings | null>(null)
let loading: Promise<NotificationSettings> | null = null

/**
 * The signed-in person's notification settings, read once and shared by the avatar menu's
 * do-not-disturb, the settings screen and the browser notifications. `update` sends a change
 * and keeps the server's answer; a refusal leaves the settings as they were.
 */
export function useNotificationSettings() {
  function load(force = false) {
    if (settings.value && !force) return Promise.resolve(settings.value)
    loading ??= notificationsApi
      .settings()
      .then((answer) => (settings.value = answer))
      .finally(() => (loading = null))
    return loading
  }

  async function update(change: Partial<NotificationSettings>) {
    settings.value = await notificationsApi.updateSettings(change)
    return settings.value
  }

  function reset() {
    settings.value = null
  }

  return { settings, load, update, reset }
}

import { onBeforeUnmount, onMounted } from 'vue'
import { router } from '@/router'
import { isSettingsShortcut } from './settingsShortcut'

export type SettingsSection = 'profile' | 'notifications' | 'appearance' | 'tokens'

export const SETTINGS_SECTIONS: { value: SettingsSection; label: string }[] = [
  { value: 'profile', label: 'Profile' },
  { value: 'notifications', label: 'Notifications' },
  { value: 'appearance', label: 'Appearance' },
  { value: 'tokens', label: 'Access tokens' },
]

/** Opens the settings screen (at a section); closing it comes back here. */
export function openSettings(section?: SettingsSection) {
  const current = router.currentRoute.value
  if (current.name === 'settings') {
    return router.replace({ name: 'settings', params: { section: section ?? '' } })
  }
  return router.push({ name: 'settings', params: { section: section ?? '' } })
}

/** Ctrl/Cmd+Shift+A opens the settings from anywhere in the signed-in app (the shell). */
export function useSettingsShortcut() {
  function onKey(event: KeyboardEvent) {
    if (!isSettingsShortcut(event)) return
    event.preventDefault()
    void openSettings()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}

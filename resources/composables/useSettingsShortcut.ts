import { onBeforeUnmount, onMounted } from 'vue'
import { router } from '@/router'

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

/** Ctrl+Shift+A, or Cmd+Shift+A on a Mac. */
export function isSettingsShortcut(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>
) {
  return (
    (event.ctrlKey || event.metaKey) &&
    event.shiftKey &&
    !event.altKey &&
    event.key.toLowerCase() === 'a'
  )
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

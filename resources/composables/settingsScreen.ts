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

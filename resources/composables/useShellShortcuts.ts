import { ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { SidebarChannel } from '@/api/types'
import { useChannelsStore } from '@/stores/channels'
import { openQuickSwitcher, openSearch, useSearchStore } from '@/stores/search'
import { useTeamsStore } from '@/stores/teams'
import { neighbourChannel } from './shortcuts'
import { useDrawer } from './useDrawer'
import { openSettings } from './settingsScreen'
import { onShortcut, useShortcutListener } from './useShortcuts'

const FOCUSABLE =
  'a[href], button:not([disabled]), textarea, input, [tabindex]:not([tabindex="-1"])'

/** The regions F6 moves between, in the page's order: sidebar, messages, composer, panel. */
function regions() {
  const all = [...document.querySelectorAll<HTMLElement>('[data-region]')]
  return all.filter(
    (region) =>
      region.getClientRects().length > 0 &&
      !all.some((other) => other !== region && other.contains(region))
  )
}

function focusRegion(step: 1 | -1) {
  const list = regions()
  if (list.length === 0) return false
  const current = list.findIndex((region) => region.contains(document.activeElement))
  const next =
    current === -1
      ? step === 1
        ? 0
        : list.length - 1
      : (current + step + list.length) % list.length
  const region = list[next]
  const target =
    region.querySelector<HTMLElement>('[data-region-target]') ??
    region.querySelector<HTMLElement>('[aria-current="page"]') ??
    region.querySelector<HTMLElement>(FOCUSABLE) ??
    region
  if (target === region && !region.hasAttribute('tabindex')) region.tabIndex = -1
  target.focus()
  return true
}

const unread = (channel: SidebarChannel) => channel.unreadCount > 0 || channel.mentionCount > 0

/**
 * The shell's own shortcuts: channel to channel (Alt+↑/↓, unread ones with Shift), regions
 * (F6), the drawer closed by Escape, search (/, Ctrl/Cmd+F), the quick switcher (Ctrl/Cmd+K),
 * the settings (Ctrl/Cmd+Shift+A) and the list of shortcuts (Ctrl/Cmd+/).
 */
export function useShellShortcuts() {
  const route = useRoute()
  const router = useRouter()
  const channels = useChannelsStore()
  const teams = useTeamsStore()
  const drawer = useDrawer()
  const search = useSearchStore()
  /** The shortcut list is open (its own chunk). */
  const listing = ref(false)

  useShortcutListener()

  function go(step: 1 | -1, eligible?: (channel: SidebarChannel) => boolean) {
    const team = teams.current
    if (!team) return false
    const order = [...channels.named, ...channels.conversations]
    const target = neighbourChannel(
      order,
      route.params.channelId as string | undefined,
      step,
      eligible
    )
    if (!target) return true
    void router.push({ name: 'channel', params: { teamId: team.id, channelId: target.id } })
    return true
  }

  onShortcut('channel.previous', () => go(-1))
  onShortcut('channel.next', () => go(1))
  onShortcut('unread.previous', () => go(-1, unread))
  onShortcut('unread.next', () => go(1, unread))
  onShortcut('regions.next', () => focusRegion(1))
  onShortcut('regions.previous', () => focusRegion(-1))
  onShortcut('settings', () => void openSettings())
  onShortcut(['search', 'search.find'], () => openSearch())
  onShortcut('switcher', () => openQuickSwitcher())
  onShortcut('shortcuts', () => {
    listing.value = true
  })
  onShortcut('escape', () => {
    if (drawer.open.value) {
      drawer.hide()
      return true
    }
    if (search.panelOpen) search.closePanel()
    // The channel on screen, if any, has its own handler: it marks the channel read.
    return false
  })

  return { listing }
}

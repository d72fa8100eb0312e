import { computed } from 'vue'
import type { Channel } from '@/api/types'
import { useSessionStore } from '@/stores/session'
import { useTeamsStore } from '@/stores/teams'

/**
 * What the signed-in person may manage, as the server's policies decide it (docs/api.md):
 * team admins and system admins manage the team and its channels, channel admins theirs.
 * The server still has the last word; this only hides what it would refuse.
 */
export function useManagePowers() {
  const session = useSessionStore()
  const teams = useTeamsStore()
  const managesTeam = computed(
    () => Boolean(session.user?.isAdmin) || teams.current?.role === 'admin'
  )
  const isGuest = computed(() => teams.current?.role === 'guest')

  function managesChannel(channel: Channel) {
    return managesTeam.value || channel.membership?.role === 'admin'
  }

  return { managesTeam, isGuest, managesChannel }
}

import { useChannelsStore } from '@/stores/channels'
import { useTeamsStore } from '@/stores/teams'

/**
 * Screens outside a team's address (settings) still show the shell: the team last open, or
 * the one a fresh load lands on, with its sidebar.
 */
export async function openLandingTeam() {
  const teams = useTeamsStore()
  if (!teams.loaded) await teams.load().catch(() => undefined)
  if (teams.current || !teams.loaded) return true
  const team = teams.landing()
  // No team yet: the first run comes first.
  if (!team) return { name: 'welcome' }
  teams.open(team.id)
  await useChannelsStore()
    .load(team.id)
    .catch(() => undefined)
  return true
}

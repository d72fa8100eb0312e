import { useChannelsStore } from '@/stores/channels'
import { useTeamsStore } from '@/stores/teams'

/** Reads the open team's sidebar again after a change of memberships or channels. */
export async function refreshSidebar() {
  const teamId = useTeamsStore().currentId
  if (teamId) await useChannelsStore().load(teamId)
}

import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import { findTeamForAdmin } from '#app/console/lookups'
import Channel from '#chat/models/channel'
import type { ChannelAccess } from '#chat/services/channel_access'

/**
 * Finds a channel for an admin command: by id, or by name within the team
 * given by `--team` (id or name). Admin commands act with full powers, so the
 * access carries no membership.
 */
export async function findChannelForAdmin(idOrName: string, team?: string): Promise<ChannelAccess> {
  let channel: Channel | null = null
  if (isId(idOrName)) channel = await Channel.find(idOrName)
  if (!channel && team) {
    const owner = await findTeamForAdmin(team)
    channel = await Channel.query().where({ team_id: owner.id, name: idOrName }).first()
  }
  if (!channel) {
    const hint = team ? '' : ' (name it by id, or by name with --team)'
    throw new ApiError(404, 'not_found', `Channel "${idOrName}" not found${hint}`)
  }
  return { channel, membership: null, teamRole: 'admin' }
}

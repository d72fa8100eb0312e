import type User from '#app/models/user'
import TeamMember from '#app/models/team_member'
import { isId } from '#app/helpers/ids'
import { findVisibleChannel } from '#chat/services/channel_access'

const STREAM = /^(users|teams|channels)\/([0-9a-f-]{36})$/

/** Splits `channels/<id>` into its kind and id; null for anything else. */
export function parseStream(stream: string) {
  const match = STREAM.exec(stream)
  if (!match || !isId(match[2])) return null
  return { kind: match[1] as 'users' | 'teams' | 'channels', id: match[2] }
}

/**
 * Whether a user may follow a stream, live (SSE) or in catch-up: their own
 * `users/:id`, `teams/:id` of a team they belong to, `channels/:id` of a
 * channel they can see. The same rules as the HTTP routes, from the same
 * lookups.
 */
export async function canFollowStream(user: User, stream: string) {
  const parsed = parseStream(stream)
  if (!parsed) return false
  if (parsed.kind === 'users') return parsed.id === user.id
  if (parsed.kind === 'teams') {
    if (user.hasAdminPowers) return true
    return Boolean(await TeamMember.query().where({ team_id: parsed.id, user_id: user.id }).first())
  }
  return findVisibleChannel(user, parsed.id).then(
    () => true,
    () => false
  )
}

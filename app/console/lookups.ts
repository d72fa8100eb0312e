import Team from '#app/models/team'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'

/**
 * Finds a team for an admin command by id, or by name when exactly one
 * team has it.
 */
export async function findTeamForAdmin(idOrName: string) {
  if (isId(idOrName)) {
    const team = await Team.find(idOrName)
    if (team) return team
  }
  const named = await Team.query().where('name', idOrName).limit(2)
  if (named.length === 1) return named[0]
  if (named.length > 1) {
    throw new ApiError(
      409,
      'ambiguous_team',
      `Several teams are named "${idOrName}": use the team id`
    )
  }
  throw ApiError.notFound(`Team "${idOrName}"`)
}

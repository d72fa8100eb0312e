import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import TeamService, { type TeamAccess } from '#app/services/team_service'

/**
 * Puts the team named by `:teamId` on the context, as the caller sees it.
 * Runs after `auth`; a team the caller may not see is a 404.
 */
export default class TeamMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.teamAccess = await new TeamService().findVisible(ctx.auth.user!, ctx.params.teamId)
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    teamAccess: TeamAccess
  }
}

import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#app/models/user'
import Team from '#app/models/team'
import TeamMember from '#app/models/team_member'
import ApiError from '#app/exceptions/api_error'
import SettingService from '#app/services/setting_service'
import EmailChangeService from '#app/services/email_change_service'
import hearthConfig from '#config/hearth'
import TeamMemberJoined from '#app/events/team_member_joined'
import UserDeactivated from '#app/events/user_deactivated'
import SessionsEnded from '#app/events/sessions_ended'
import AccessTokenRevoked from '#app/events/access_token_revoked'
import UserProfileChanged from '#app/events/user_profile_changed'
import { isUniqueViolation } from '#app/helpers/database'
import { isId, newId } from '#app/helpers/ids'
import { keysetPage, type PageParams } from '#app/helpers/pagination'
import { nameKey } from '#app/helpers/text'

type NewUser = {
  username: string
  email: string
  password: string
  displayName?: string
}

type ProfileChanges = { username?: string; email?: string; displayName?: string }

/**
 * Accounts: sign-up, admin creation, profile, password, activation.
 */
export default class UserService {
  #settings = new SettingService()

  /**
   * Public sign-up. The very first account becomes system admin; after that
   * an account needs a team invite, unless an admin opened sign-up. With an
   * invite the account joins that team as a member in the same transaction.
   * The invite is checked before anything else, with one answer for a
   * missing or wrong one, so only invite holders learn which usernames and
   * addresses are taken.
   */
  async signup(params: NewUser & { invite?: string }) {
    const { openSignup } = await this.#settings.all()
    const invited = params.invite ? await this.#teamForInvite(params.invite) : null
    if (!invited && !openSignup && (await this.#settings.firstAdminClaimed())) {
      throw inviteRequired()
    }
    if (invited && params.displayName) {
      await this.#assertNameDistinct(params.displayName, [invited.id])
    }
    const result = await this.#create(params, async (user, trx) => {
      const first = await this.#settings.claimFirstAdmin(user.id, trx)
      const team = params.invite ? await this.#teamForInvite(params.invite, trx) : null
      if (!first && !team && !openSignup) throw inviteRequired()
      if (first) {
        user.isAdmin = true
        await user.useTransaction(trx).save()
      }
      if (team) {
        await TeamMember.create(
          { teamId: team.id, userId: user.id, role: 'member' },
          { client: trx }
        )
      }
      return { team }
    })
    if (result.team) await TeamMemberJoined.dispatch(result.team, result.user.id, 'member')
    return result
  }

  /** An account made by an admin (ace `user:create`); needs no invite. */
  async createByAdmin(params: NewUser & { isAdmin?: boolean }) {
    const { user } = await this.#create(params, async (created, trx) => {
      const first = await this.#settings.claimFirstAdmin(created.id, trx)
      if (first || params.isAdmin) {
        created.isAdmin = true
        await created.useTransaction(trx).save()
      }
      return {}
    })
    return user
  }

  /**
   * Every account by username, for system admins: one keyset query. With `q`, only those
   * whose username, email or display name starts with it (ignoring case).
   */
  async list(page: PageParams, q?: string) {
    const query = User.query()
    if (q) {
      const prefix = `${q.replace(/[!%_]/g, '!$&')}%`
      query.where((match) =>
        match
          .whereRaw(`username like ? escape '!'`, [prefix])
          .orWhereRaw(`email like ? escape '!'`, [prefix])
          .orWhereRaw(`lower(display_name) like ? escape '!'`, [prefix])
      )
    }
    return keysetPage(query, {
      column: 'username',
      key: (user) => user.username,
      params: page,
    })
  }

  /**
   * A user the viewer may know of: themselves, anyone sharing a team with
   * them, or anyone at all for a system admin. Everyone else is a 404.
   */
  async findVisible(viewer: User, userId: string) {
    if (userId === 'me' || userId === viewer.id) return viewer
    if (!isId(userId)) throw ApiError.notFound('User')
    const query = User.query().where('users.id', userId)
    if (!viewer.hasAdminPowers) {
      query.whereExists((sub) =>
        sub
          .from('team_members as theirs')
          .join('team_members as mine', 'mine.team_id', 'theirs.team_id')
          .whereColumn('theirs.user_id', 'users.id')
          .where('mine.user_id', viewer.id)
      )
    }
    const user = await query.first()
    if (!user) throw ApiError.notFound('User')
    return user
  }

  /** Which of these user ids the viewer may know of (see findVisible): one query. */
  async visibleIds(viewer: User, userIds: string[]) {
    if (userIds.length === 0) return []
    if (viewer.hasAdminPowers) {
      const rows = await User.query().whereIn('id', userIds).select('id')
      return rows.map((row) => row.id)
    }
    const rows = await db
      .from('team_members as theirs')
      .join('team_members as mine', 'mine.team_id', 'theirs.team_id')
      .where('mine.user_id', viewer.id)
      .whereIn('theirs.user_id', userIds)
      .distinct('theirs.user_id as id')
    return rows.map((row) => row.id as string)
  }

  /** Finds a user by username or email, or throws a 404 naming the login. */
  async findByLogin(login: string) {
    const value = login.trim().toLowerCase()
    const user = await User.query().where('username', value).orWhere('email', value).first()
    if (!user) throw ApiError.notFound(`User "${login}"`)
    return user
  }

  /**
   * Changes username and display name, refusing a taken username and a
   * display name a teammate already goes by. A new email, when Hearth sends
   * email, applies only once confirmed from that address (confirmEmail):
   * the answer is the same whether or not the address is taken. Without
   * email it applies at once, like a username.
   */
  async updateProfile(user: User, { email, ...changes }: ProfileChanges) {
    const confirmEmail = hearthConfig.notifications.emailEnabled
    const pendingEmail = confirmEmail && email !== undefined && email !== user.email ? email : null
    const direct = confirmEmail || email === undefined ? changes : { ...changes, email }
    await this.#assertAvailable(direct, user.id)
    if (changes.displayName !== undefined) {
      await this.#assertNameDistinct(changes.displayName, await this.#teamIdsOf(user.id), user.id)
    }
    const before = { username: user.username, displayName: user.displayName }
    user.merge(direct)
    await this.#saveUnique(user)
    if (pendingEmail) await new EmailChangeService().request(user, pendingEmail)
    if (user.username !== before.username || user.displayName !== before.displayName) {
      await UserProfileChanged.dispatch(user)
    }
    return { user, pendingEmail }
  }

  /** Makes the email change a confirmation token (sent by updateProfile) describes. */
  async confirmEmail(user: User, token: string) {
    await new EmailChangeService().confirm(user, token)
    await this.#saveUnique(user)
    return user
  }

  /**
   * Changes the caller's password after checking the current one, and ends
   * every other session of the account.
   */
  async changePassword(user: User, current: string, next: string, keepSessionId?: string) {
    if (!(await user.verifyPassword(current))) {
      throw ApiError.invalid('currentPassword', 'wrong_password', 'The current password is wrong')
    }
    user.password = next
    await user.save()
    await this.#endSessions(user.id, keepSessionId)
  }

  /** An admin sets a new password; every session of the account ends. */
  async resetPassword(user: User, next: string) {
    user.password = next
    await user.save()
    await this.#endSessions(user.id)
  }

  /**
   * A signed-in session ended (logout): its row goes at once, and whatever
   * was opened with it closes.
   */
  async endSession(userId: string, sessionId: string) {
    await db.from('sessions').where({ id: sessionId, user_id: userId }).delete()
    await SessionsEnded.dispatch(userId, [sessionId])
  }

  /**
   * Deactivates an account: it can no longer log in, and its sessions and
   * tokens stop working at once. The last active system admin stays.
   */
  async deactivate(user: User) {
    if (!user.isActive) return user
    if (user.isAdmin) await this.#assertAnotherAdmin(user)
    const ended = await db.transaction(async (trx) => {
      user.deactivatedAt = DateTime.now()
      await user.useTransaction(trx).save()
      const tokens = trx.from('auth_access_tokens').where('tokenable_id', user.id)
      const tokenRows = await tokens.clone().select('id')
      const tokenIds = tokenRows.map((row) => Number(row.id))
      await tokens.delete()
      return { tokenIds, sessionIds: await this.#deleteSessions(user.id, undefined, trx) }
    })
    await UserDeactivated.dispatch(user.id)
    if (ended.sessionIds.length > 0) await SessionsEnded.dispatch(user.id, ended.sessionIds)
    for (const tokenId of ended.tokenIds) await AccessTokenRevoked.dispatch(user.id, tokenId)
    return user
  }

  /** Lets a deactivated account log in again (its old tokens stay revoked). */
  async reactivate(user: User) {
    user.deactivatedAt = null
    await user.save()
    return user
  }

  /** Grants or revokes system admin; the last active admin cannot be demoted. */
  async setAdmin(user: User, isAdmin: boolean) {
    if (user.isAdmin && !isAdmin) await this.#assertAnotherAdmin(user)
    user.isAdmin = isAdmin
    await user.save()
    return user
  }

  async #create<Extra>(
    params: NewUser,
    inside: (user: User, trx: TransactionClientContract) => Promise<Extra>
  ) {
    await this.#assertAvailable(params)
    try {
      return await db.transaction(async (trx) => {
        const user = await User.create(
          {
            id: newId(),
            username: params.username,
            email: params.email,
            password: params.password,
            displayName: params.displayName ?? '',
            isAdmin: false,
          },
          { client: trx }
        )
        const extra = await inside(user, trx)
        return { user, ...extra }
      })
    } catch (error) {
      throw this.#uniqueError(error) ?? error
    }
  }

  async #teamForInvite(invite: string, trx?: TransactionClientContract) {
    const team = await Team.query({ client: trx }).where('invite_code', invite).first()
    if (!team) throw inviteRequired()
    return team
  }

  /** The teams a user belongs to, by id. */
  async #teamIdsOf(userId: string) {
    const rows = await db.from('team_members').where('user_id', userId).select('team_id')
    return rows.map((row) => row.team_id as string)
  }

  /**
   * Refuses a display name that reads (nameKey) as the display name or
   * username of someone in one of these teams, so nobody passes for a
   * teammate. Team sizes are bounded by people, and names change rarely.
   */
  async #assertNameDistinct(displayName: string, teamIds: string[], exceptId?: string) {
    const key = nameKey(displayName)
    if (key === '' || teamIds.length === 0) return
    const query = db
      .from('users')
      .join('team_members', 'team_members.user_id', 'users.id')
      .whereIn('team_members.team_id', teamIds)
      .distinct('users.username', 'users.display_name')
    if (exceptId) query.whereNot('users.id', exceptId)
    const teammates = await query
    const clash = teammates.some(
      (row) => nameKey(row.username) === key || nameKey(row.display_name ?? '') === key
    )
    if (clash) {
      throw ApiError.invalid(
        'displayName',
        'display_name_taken',
        'Someone in your team already goes by this name'
      )
    }
  }

  async #assertAvailable(fields: { username?: string; email?: string }, exceptId?: string) {
    for (const column of ['username', 'email'] as const) {
      const value = fields[column]
      if (value === undefined) continue
      const query = User.query().where(column, value)
      if (exceptId) query.whereNot('id', exceptId)
      if (await query.first()) {
        throw ApiError.invalid(column, `${column}_taken`, `This ${column} is already taken`)
      }
    }
  }

  async #saveUnique(user: User) {
    try {
      await user.save()
    } catch (error) {
      throw this.#uniqueError(error) ?? error
    }
  }

  /** A unique violation that lost a race with another request. */
  #uniqueError(error: unknown) {
    if (!isUniqueViolation(error)) return null
    const text = String((error as Error).message)
    const column = text.includes('email') ? 'email' : 'username'
    return ApiError.invalid(column, `${column}_taken`, `This ${column} is already taken`)
  }

  async #assertAnotherAdmin(user: User) {
    const other = await User.query()
      .where('is_admin', true)
      .whereNull('deactivated_at')
      .whereNot('id', user.id)
      .first()
    if (!other) {
      throw ApiError.conflict('last_admin', 'The last active system admin cannot be removed')
    }
  }

  async #endSessions(userId: string, keepSessionId?: string) {
    const sessionIds = await db.transaction((trx) =>
      this.#deleteSessions(userId, keepSessionId, trx)
    )
    if (sessionIds.length > 0) await SessionsEnded.dispatch(userId, sessionIds)
  }

  /** Deletes a user's sessions (but one) and answers the ids it deleted. */
  async #deleteSessions(
    userId: string,
    keepSessionId: string | undefined,
    trx: TransactionClientContract
  ) {
    const query = trx.from('sessions').where('user_id', userId).select('id')
    if (keepSessionId) query.whereNot('id', keepSessionId)
    const rows = await query
    const ids = rows.map((row) => String(row.id))
    if (ids.length > 0) await trx.from('sessions').whereIn('id', ids).delete()
    return ids
  }
}

/** One answer for a missing and a wrong invite: sign-up says nothing more without one. */
function inviteRequired() {
  return ApiError.invalid('invite', 'invite_required', 'Sign-up needs a valid team invite')
}

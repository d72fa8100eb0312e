import db from '@adonisjs/lucid/services/db'
import User from '#app/models/user'
import ApiError from '#app/exceptions/api_error'
import AccessTokenRevoked from '#app/events/access_token_revoked'
import { keysetPage, type PageParams } from '#app/helpers/pagination'
import { lifetimeHours } from '#app/validators/token_validators'
import type { TokenScope } from '#app/helpers/scopes'

export const MAX_TOKENS_PER_USER = 50

export type TokenRow = {
  id: number
  name: string | null
  abilities: string
  created_at: Date | string
  last_used_at: Date | string | null
  expires_at: Date | string | null
}

type NewToken = { name: string; scopes: TokenScope[]; expiresIn?: string }

/**
 * Personal access tokens for scripts and bots.
 */
export default class TokenService {
  /**
   * Issues a token. Only system admins may hold the `admin` scope, and an
   * account holds at most MAX_TOKENS_PER_USER live tokens.
   */
  async create(user: User, params: NewToken) {
    if (params.scopes.includes('admin') && !user.isAdmin) {
      throw ApiError.invalid(
        'scopes',
        'scope_not_allowed',
        'Only system admins can hold the admin scope'
      )
    }
    const live = await this.#tokens(user)
      .where((query) => query.whereNull('expires_at').orWhere('expires_at', '>', new Date()))
      .count('* as total')
      .first()
    if (Number(live?.total ?? 0) >= MAX_TOKENS_PER_USER) {
      throw ApiError.conflict(
        'too_many_tokens',
        `An account holds at most ${MAX_TOKENS_PER_USER} tokens`
      )
    }
    return User.accessTokens.create(user, params.scopes, {
      name: params.name,
      expiresIn: `${lifetimeHours(params.expiresIn)} hours`,
    })
  }

  /** The user's tokens, newest id last, one keyset query. */
  async list(user: User, page: PageParams) {
    const query = this.#tokens(user).select('*')
    return keysetPage<TokenRow>(query, {
      column: 'id',
      key: (row) => Number(row.id),
      params: page,
      cursorType: 'number',
    })
  }

  /** Revokes one of the user's own tokens, and what it opened; anyone else's is a 404. */
  async revoke(user: User, tokenId: number) {
    const deleted = await User.accessTokens.delete(user, tokenId)
    if (!deleted) throw ApiError.notFound('Token')
    await AccessTokenRevoked.dispatch(user.id, tokenId)
  }

  #tokens(user: User) {
    return db
      .from('auth_access_tokens')
      .where('tokenable_id', user.id)
      .where('type', 'personal_access_token')
  }
}

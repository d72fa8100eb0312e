import type { Secret } from '@adonisjs/core/helpers'
import { AccessTokensLucidUserProvider } from '@adonisjs/auth/access_tokens'
import type { LucidTokenable } from '@adonisjs/auth/types/access_tokens'

/**
 * The Bearer guard's user provider: the token and its owner come from one
 * query (PersonalAccessTokens.verifyWithOwner), and the guard's following
 * findById takes the owner read a moment ago instead of querying again.
 * Anything else falls back to the stock provider.
 */
export class TokenUserProvider<
  UserModel extends LucidTokenable<'accessTokens'>,
> extends AccessTokensLucidUserProvider<'accessTokens', UserModel> {
  #owners = new Map<string, Record<string, unknown>>()

  async verifyToken(tokenValue: Secret<string>) {
    const tokens = (await this.getTokensProvider()) as any
    if (typeof tokens.verifyWithOwner !== 'function') return super.verifyToken(tokenValue)
    const verified = await tokens.verifyWithOwner(tokenValue)
    if (!verified) return null
    this.#owners.set(String(verified.token.tokenableId), verified.owner)
    return verified.token
  }

  async findById(identifier: string | number | BigInt) {
    const key = String(identifier)
    const owner = this.#owners.get(key)
    this.#owners.delete(key)
    if (!owner) return super.findById(identifier)
    const model = await this.getModel()
    return this.createUserForGuard(model.$createFromAdapterResult(owner) as any)
  }
}

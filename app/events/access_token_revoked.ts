import { BaseEvent } from '@adonisjs/core/events'

/** A personal access token was revoked: what was opened with it (board sockets) must close now. */
export default class AccessTokenRevoked extends BaseEvent {
  constructor(
    public userId: string,
    public tokenId: number
  ) {
    super()
  }
}

import { BaseEvent } from '@adonisjs/core/events'

/** A personal access token was revoked: whatever was opened with it must close now. */
export default class AccessTokenRevoked extends BaseEvent {
  constructor(
    public userId: string,
    public tokenId: number
  ) {
    super()
  }
}

import { BaseEvent } from '@adonisjs/core/events'

/**
 * Who may do what on a board changed (a role, its default role, archived,
 * deleted). Dispatched after commit; the sync server re-checks the board's
 * open sockets at once.
 */
export default class BoardAccessChanged extends BaseEvent {
  constructor(
    public boardId: string,
    public deleted = false
  ) {
    super()
  }
}

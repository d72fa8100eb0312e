import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#app/models/user'
import { atLeast, type BoardAccess } from '#boards/services/board_access'

/**
 * What a user may do with a board they can see (findVisibleBoard settles
 * seeing and the role; the unseen are 404s before any policy runs).
 */
export default class BoardPolicy extends BasePolicy {
  /** Change cards, fields and views: editors and admins, on a live board. */
  edit(_user: User, access: BoardAccess) {
    return atLeast(access.role, 'editor') && !access.board.isArchived
  }

  /** Comment on cards: commenters and up, on a live board. */
  comment(_user: User, access: BoardAccess) {
    return atLeast(access.role, 'commenter') && !access.board.isArchived
  }

  /** Rename, archive, delete, set roles: board admins. */
  manage(_user: User, access: BoardAccess) {
    return access.role === 'admin'
  }
}

import type { InjectionKey, Ref } from 'vue'
import type { OptionColor, Placement } from '../../boards/document/index.js'

/**
 * What a column may ask of its board. Each write goes to the document (boards/document/) and
 * the columns re-render from it; a refused change answers with the reason to show.
 */
export interface BoardActions {
  editable: () => boolean
  /**
   * A drag is on somewhere on the board: the columns hold their lists still until it ends, so
   * that a change arriving meanwhile never re-renders a list SortableJS is moving nodes in.
   */
  dragging: Ref<boolean>
  move: (cardId: string, column: string | null, placement: Placement) => void
  add: (column: string | null, title: string, where: 'top' | 'bottom') => string | null
  addColumn: (label: string) => string | null
  renameColumn: (column: string, label: string) => string | null
  recolorColumn: (column: string, color: OptionColor) => void
  /** Moves a column a place left (-1) or right (1), for everyone. */
  moveColumn: (column: string, step: -1 | 1) => string | null
  /** Hides a column in this view (null: "No value"), or shows it again. */
  hideColumn: (column: string | null) => string | null
  showColumn: (column: string | null) => string | null
  /** Deletes a column: its cards go to "No value". */
  removeColumn: (column: string) => string | null
  /** Whether the view shown is a board view, whose columns may be hidden. */
  canHideColumns: () => boolean
  /** Where a column is among the group field's options, and how many there are. */
  placeOf: (column: string) => { index: number; count: number }
  open: (cardId: string) => void
  /** People's comments in a card's thread (0 while unknown). */
  commentsOf: (cardId: string) => number
  nameOf: (userId: string) => string
}

export const BOARD_ACTIONS: InjectionKey<BoardActions> = Symbol('board actions')

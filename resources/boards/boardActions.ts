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
  open: (cardId: string) => void
  nameOf: (userId: string) => string
}

export const BOARD_ACTIONS: InjectionKey<BoardActions> = Symbol('board actions')

import type { InjectionKey } from 'vue'
import type { OptionColor, Placement } from '../../boards/document/index.js'

/**
 * What a column may ask of its board. Each write goes to the document (boards/document/) and
 * the columns re-render from it; a refused change answers with the reason to show.
 */
export interface BoardActions {
  editable: () => boolean
  move: (cardId: string, column: string | null, placement: Placement) => void
  add: (column: string | null, title: string, where: 'top' | 'bottom') => string | null
  renameColumn: (column: string, label: string) => string | null
  recolorColumn: (column: string, color: OptionColor) => void
  open: (cardId: string) => void
  nameOf: (userId: string) => string
}

export const BOARD_ACTIONS: InjectionKey<BoardActions> = Symbol('board actions')

import { moveOption, removeOption, updateView } from '../../boards/document/index.js'
import type { BoardModel } from './readModel.js'
import { attempt } from './tableEdits.js'
import type { BoardDocument } from './useBoardDocument.js'

/**
 * What the kanban does to whole columns: move one left or right (the group field's option
 * order, for everyone), hide or show one in this view (its `hiddenColumns`; `null` is "No
 * value"), and delete one (its option: its cards go to "No value"). Each answers null, or the
 * reason it was refused.
 */
export function columnActions(board: BoardDocument, model: () => BoardModel) {
  const { doc, actor } = board
  const hidden = () => model().view?.hiddenColumns ?? []
  const setHidden = (columns: string[]) => {
    const view = model().view
    if (!view || view.kind !== 'board') return 'Columns are hidden in a board view.'
    return attempt(() => updateView(doc, view.id, { hiddenColumns: columns }, actor))
  }
  return {
    moveColumn(column: string, step: -1 | 1): string | null {
      const field = model().groupField
      if (!field) return 'This board has no columns to move.'
      const index = (field.options ?? []).findIndex((option) => option.id === column)
      return attempt(() => moveOption(doc, field.id, column, index + step, actor))
    },
    hideColumn: (column: string | null) => setHidden([...hidden(), column ?? '']),
    showColumn: (column: string | null) =>
      setHidden(hidden().filter((entry) => entry !== (column ?? ''))),
    removeColumn(column: string): string | null {
      const field = model().groupField
      if (!field) return 'This board has no columns to delete.'
      return attempt(() => removeOption(doc, field.id, column, actor))
    },
  }
}

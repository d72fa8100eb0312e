import {
  BoardDocumentError,
  addField,
  addOption,
  createCard,
  moveField,
  removeField,
  renameField,
  updateCard,
  updateView,
  type CellValue,
  type FieldType,
  type ViewJson,
  type ViewSettings,
} from '../../boards/document/index.js'
import type { BoardDocument } from './useBoardDocument.js'

/** Runs a change of the board document: null when made, else the refusal's message. */
export function attempt(change: () => void): string | null {
  try {
    change()
    return null
  } catch (error) {
    if (error instanceof BoardDocumentError) return error.message
    throw error
  }
}

/**
 * What the table writes, each through the board document with the board's actor as origin;
 * every one answers null, or the message of the document's refusal (nothing changed).
 */
export function tableEdits(board: BoardDocument, view: () => ViewJson) {
  const { doc, actor } = board
  const change = (settings: ViewSettings) =>
    attempt(() => updateView(doc, view().id, settings, actor))
  return {
    value: (cardId: string, fieldId: string, value: CellValue) =>
      attempt(() => updateCard(doc, cardId, { values: { [fieldId]: value } }, actor)),
    title: (cardId: string, title: string) =>
      attempt(() => updateCard(doc, cardId, { title }, actor)),
    addCard: (title: string) => attempt(() => createCard(doc, { title }, actor)),
    addProperty: (name: string, type: FieldType) =>
      attempt(() => addField(doc, { name, type, options: [] }, actor)),
    renameProperty: (fieldId: string, name: string) =>
      attempt(() => renameField(doc, fieldId, name, actor)),
    removeProperty: (fieldId: string) => attempt(() => removeField(doc, fieldId, actor)),
    moveProperty: (fieldId: string, placement: { afterId?: string; beforeId?: string }) =>
      attempt(() => moveField(doc, fieldId, placement, actor)),
    /** A new option of a select field: its id (a refusal is thrown for the editor to show). */
    createOption: (fieldId: string) => (label: string) => addOption(doc, fieldId, { label }, actor),
    hide: (fieldId: string) => change({ hiddenFields: [...view().hiddenFields, fieldId] }),
    /** This field's sort set to `direction` (null: removed), the other sorts kept. */
    sortBy: (fieldId: string, direction: 'asc' | 'desc' | null) => {
      const sort = view().sort.filter((entry) => entry.fieldId !== fieldId)
      const at = view().sort.findIndex((entry) => entry.fieldId === fieldId)
      if (direction) sort.splice(at < 0 ? sort.length : at, 0, { fieldId, direction })
      return change({ sort })
    },
    width: (fieldId: string, width: number) =>
      change({ widths: { ...view().widths, [fieldId]: width } }),
  }
}

export type TableEdits = ReturnType<typeof tableEdits>

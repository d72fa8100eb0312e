import { ref, type Ref } from 'vue'
import { onShortcut } from '@/composables/useShortcuts'
import type { BoardDocument } from './useBoardDocument'

/**
 * Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y) on a board page, outside text fields: undo and
 * redo this person's own changes (the document's undo manager tracks only their origin), and
 * say what happened. A key with nothing to undo, or on a read-only board, does its default.
 */
export function useBoardUndo(board: Ref<BoardDocument | null>, editable: () => boolean) {
  const announcement = ref<{ text: string } | null>(null)
  const run = (direction: 'undo' | 'redo') => {
    const manager = board.value?.undoManager
    if (!manager || !editable()) return false
    const stack = direction === 'undo' ? manager.undoStack : manager.redoStack
    if (stack.length === 0) {
      announcement.value = { text: direction === 'undo' ? 'Nothing to undo' : 'Nothing to redo' }
      return true
    }
    if (direction === 'undo') manager.undo()
    else manager.redo()
    announcement.value = { text: direction === 'undo' ? 'Undone' : 'Redone' }
  }
  onShortcut('board.undo', () => run('undo'))
  onShortcut('board.redo', () => run('redo'))
  return { announcement }
}

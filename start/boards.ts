/*
|--------------------------------------------------------------------------
| Boards
|--------------------------------------------------------------------------
|
| Wiring only: every stored change of a board's document is projected to
| the `cards` table within PROJECTION_DELAY_MS.
|
*/
import { documentStore } from '#boards/services/document_store'
import { cardProjections } from '#boards/services/card_projection'

documentStore.onDocumentChanged((boardId, doc) => cardProjections.schedule(boardId, doc))
// A document leaving memory is projected one last time first (not a deleted board's).
documentStore.onDocumentUnloaded(async (boardId, reason, doc) => {
  if (reason === 'idle' || reason === 'closed') await cardProjections.flush(boardId, doc)
  cardProjections.forget(boardId)
})

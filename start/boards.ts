/*
|--------------------------------------------------------------------------
| Boards
|--------------------------------------------------------------------------
|
| Wiring only:
| - every stored change of a board's document is projected to the `cards`
|   table within PROJECTION_DELAY_MS, and what the projection wrote becomes
|   card activity in chat (threads, activity replies, notifications), named
|   after the people the server saw make each change;
| - chat's extension points get boards' parts: card previews in messages,
|   cards' own posts in search, and the /card and /board commands.
|
*/
import { documentStore } from '#boards/services/document_store'
import { cardProjections } from '#boards/services/card_projection'
import { cardEditors } from '#boards/services/card_editors'
import CardActivity from '#boards/services/card_activity'
import { cardEmbeds } from '#boards/services/card_embeds'
import { CARD_POST } from '#boards/services/card_threads'
import { boardCommand, cardCommand } from '#boards/services/card_commands'
import { embeds, searchableTypes } from '#chat/services/extensions'
import { slashCommands } from '#chat/services/commands'

documentStore.onDocumentLoaded((boardId, doc) => cardEditors.watch(boardId, doc))
documentStore.onDocumentChanged((boardId, doc) => cardProjections.schedule(boardId, doc))
// A document leaving memory is projected one last time first (not a deleted board's).
documentStore.onDocumentUnloaded(async (boardId, reason, doc) => {
  if (reason === 'idle' || reason === 'closed') await cardProjections.flush(boardId, doc)
  cardProjections.forget(boardId)
  cardEditors.forget(boardId)
})

const activity = new CardActivity()
cardProjections.onProjected((boardId, changes, removed, doc) =>
  activity.projected(boardId, changes, removed, doc)
)

embeds.register(cardEmbeds)
searchableTypes.add(CARD_POST)
slashCommands.register(cardCommand)
slashCommands.register(boardCommand)

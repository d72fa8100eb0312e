import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import type * as Y from 'yjs'
import { cardJson, cardsOf, type CardJson } from '../../boards/document/index.js'

/** Whether a transaction's events touch card `id` beyond its description's text (the panel reads it again). */
export function touchesCard(events: Array<Y.YEvent<any>>, id: string, cards: Y.AbstractType<any>) {
  return events.some((event) => {
    if (event.target === cards) return event.changes.keys.has(id)
    // The description is the editor's business: typing there reads nothing again.
    return event.path[0] === id && event.path[1] !== 'description'
  })
}

/**
 * The open card as plain JSON, read again only when a transaction touched it (not on every
 * change of the board, nor on each keystroke in its description); null while the document
 * does not hold it (loading, or deleted).
 */
export function useOpenCard(board: Ref<{ doc: Y.Doc } | null>, cardId: Ref<string | null>) {
  const card = shallowRef<CardJson | null>(null)
  const stop = watch(
    [board, cardId],
    ([open, id], _before, onCleanup) => {
      card.value = null
      if (!open || !id) return
      const cards = cardsOf(open.doc)
      const read = () => (card.value = cards.has(id) ? cardJson(open.doc, id) : null)
      const onChange = (events: Array<Y.YEvent<any>>) => {
        if (touchesCard(events, id, cards)) read()
      }
      read()
      cards.observeDeep(onChange)
      onCleanup(() => cards.unobserveDeep(onChange))
    },
    { immediate: true }
  )
  onScopeDispose(stop)
  return card
}

import * as Y from 'yjs'
import { cardsOf } from '#boards/document/index'

/** The user behind a change: a board socket or a REST write carries `userId`; the server none. */
export function actorOf(origin: unknown): string | null {
  if (origin && typeof origin === 'object' && 'userId' in origin) {
    const userId = (origin as { userId: unknown }).userId
    return typeof userId === 'string' ? userId : null
  }
  return null
}

/** The id of the card a changed type belongs to, climbing from nested values and texts. */
function cardIdOf(type: Y.AbstractType<any>, cards: Y.AbstractType<any>): string | null {
  let current: Y.AbstractType<any> | null = type
  while (current?._item) {
    const parent: unknown = current._item.parent
    if (parent === cards) return current._item.parentSub
    current = parent instanceof Y.AbstractType ? parent : null
  }
  return null
}

/**
 * Who changed which card, read from each transaction's origin (the socket or
 * REST call that made it), not from what a client wrote into the card: card
 * activity is attributed to the person the server authenticated. Kept per
 * board until the projection takes it.
 */
class CardEditors {
  #pending = new Map<string, Map<string, string>>()

  /** Starts watching a document that came into memory. */
  watch(boardId: string, doc: Y.Doc) {
    const cards: Y.AbstractType<any> = cardsOf(doc)
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const userId = actorOf(transaction.origin)
      if (!userId || transaction.changed.size === 0) return
      const edited = this.#pending.get(boardId) ?? new Map<string, string>()
      for (const [type, keys] of transaction.changed) {
        if (type === cards) {
          for (const key of keys) if (key !== null) edited.set(key, userId)
          continue
        }
        const cardId = cardIdOf(type, cards)
        if (cardId) edited.set(cardId, userId)
      }
      if (edited.size > 0) this.#pending.set(boardId, edited)
    })
  }

  /** The latest editor of each card changed since the last call, and forgets them. */
  take(boardId: string) {
    const edited = this.#pending.get(boardId) ?? new Map<string, string>()
    this.#pending.delete(boardId)
    return edited
  }

  forget(boardId: string) {
    this.#pending.delete(boardId)
  }
}

export const cardEditors = new CardEditors()

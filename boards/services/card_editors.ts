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

function isRest(origin: unknown) {
  return Boolean(
    origin && typeof origin === 'object' && (origin as { via?: unknown }).via === 'rest'
  )
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
  /** Cards changed over a board socket (keystroke by keystroke), not by a one-off REST write. */
  #live = new Map<string, Set<string>>()

  /** Starts watching a document that came into memory. */
  watch(boardId: string, doc: Y.Doc) {
    const cards: Y.AbstractType<any> = cardsOf(doc)
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const userId = actorOf(transaction.origin)
      if (!userId || transaction.changed.size === 0) return
      const edited = this.#pending.get(boardId) ?? new Map<string, string>()
      const live = this.#live.get(boardId) ?? new Set<string>()
      const note = (cardId: string) => {
        edited.set(cardId, userId)
        if (!isRest(transaction.origin)) live.add(cardId)
      }
      for (const [type, keys] of transaction.changed) {
        if (type === cards) {
          for (const key of keys) if (key !== null) note(key)
          continue
        }
        const cardId = cardIdOf(type, cards)
        if (cardId) note(cardId)
      }
      if (edited.size > 0) this.#pending.set(boardId, edited)
      if (live.size > 0) this.#live.set(boardId, live)
    })
  }

  /**
   * The latest editor of each card changed since the last call, and which
   * of those cards were changed over a socket; forgets both.
   */
  take(boardId: string) {
    const edited = this.#pending.get(boardId) ?? new Map<string, string>()
    const live = this.#live.get(boardId) ?? new Set<string>()
    this.forget(boardId)
    return { edited, live }
  }

  forget(boardId: string) {
    this.#pending.delete(boardId)
    this.#live.delete(boardId)
  }
}

export const cardEditors = new CardEditors()

import ApiError from '#app/exceptions/api_error'
import { byPosition, type CardProjection } from '#boards/document/index'
import { cardPostMessage, type RestoredThread } from '#boards/services/card_threads'

/** A card's thread in an archive: the card's number and its post (the thread's root). */
export type ArchivedThread = {
  cardId: string
  number: number
  authorId: string | null
  message: string
}

/** A card post written in someone else's name (`by`), its author (`authorId`) not being here. */
export type Borrowed = { cardId: string; authorId: string | null; by: string }

export type ThreadPlan = {
  threads: RestoredThread[]
  /** How many of `threads` are for cards the archive gave none, numbered after the others. */
  numbered: number
  /** The board's card counter: past every number, and never behind the archive's. */
  last: number
  borrowed: Borrowed[]
}

/**
 * The threads an import writes: the archive's, with their numbers (card ids as renamed by
 * `newIds`), then one for each card of the document it gave none, in board order, numbered
 * after the rest. Each post is its author's when they are here (`people`, archived id → id
 * here), else the card maker's, else `fallback`'s.
 */
export function planThreads(
  archived: ArchivedThread[],
  lastCardNumber: number,
  cards: CardProjection[],
  newIds: Map<string, string>,
  people: Map<string, string>,
  fallback: string | undefined
): ThreadPlan {
  const byId = new Map(cards.map((card) => [card.id, card]))
  const here = new Set(people.values())
  const borrowed: Borrowed[] = []
  const authorOf = (cardId: string, archivedAuthor: string | null) => {
    const maker = byId.get(cardId)?.createdBy ?? null
    const author = people.get(archivedAuthor ?? '') ?? (maker && here.has(maker) ? maker : null)
    if (author) return author
    if (!fallback) {
      throw ApiError.conflict(
        'no_author',
        'The team has no admin to write the posts of cards whose authors are not here'
      )
    }
    borrowed.push({ cardId, authorId: archivedAuthor ?? maker, by: fallback })
    return fallback
  }

  const threads: RestoredThread[] = archived.map((thread) => {
    const cardId = newIds.get(thread.cardId) ?? thread.cardId
    const card = byId.get(cardId)
    return {
      cardId,
      number: thread.number,
      authorId: authorOf(cardId, thread.authorId),
      // A card still on the board is its post's text; a deleted one keeps the post it had.
      message: cardPostMessage(card ?? { title: thread.message, description: '' }),
    }
  })
  let last = threads.reduce((max, thread) => Math.max(max, thread.number), lastCardNumber)
  const threaded = new Set(threads.map((thread) => thread.cardId))
  const unthreaded = cards.filter((card) => !threaded.has(card.id)).sort(byPosition)
  for (const card of unthreaded) {
    const number = ++last
    threads.push({
      cardId: card.id,
      number,
      authorId: authorOf(card.id, null),
      message: cardPostMessage(card),
    })
  }
  return { threads, numbered: unthreaded.length, last, borrowed }
}

import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { appUrl } from '#config/app'
import { isId } from '#app/helpers/ids'
import { dbTimestamp } from '#app/helpers/dates'
import Channel from '#chat/models/channel'
import Post, { MAX_MESSAGE_LENGTH } from '#chat/models/post'
import type { EventScope } from '#chat/services/event_log'
import PostService, { type AfterPost } from '#chat/services/post_service'
import type Board from '#boards/models/board'
import { ensureKey } from '#boards/services/board_keys'

/** A card's own post, the root of its thread. */
export const CARD_POST = 'card'
/** A compact notice in a card's thread: what changed, by whom. */
export const CARD_ACTIVITY_POST = 'card_activity'
/** A due-date reminder in a card's thread. */
export const CARD_REMINDER_POST = 'card_reminder'

export type CardThread = {
  cardId: string
  boardId: string
  number: number
  rootId: string
  sourcePostId: string | null
}

/** A thread brought back by an import: its card, its number, who writes its post and what. */
export type RestoredThread = { cardId: string; number: number; authorId: string; message: string }

/** What a new thread needs of its card. */
export type ThreadedCard = { id: string; title: string; description: string }

function threadFromRow(row: Record<string, any>): CardThread {
  return {
    cardId: row.card_id,
    boardId: row.board_id,
    number: Number(row.number),
    rootId: row.root_id,
    sourcePostId: row.source_post_id,
  }
}

/** The text of a card's post: its title, its description below. Search and email read it. */
export function cardPostMessage(card: { title: string; description: string }) {
  const title = card.title.trim() || 'Untitled card'
  const text = card.description.trim() ? `${title}\n\n${card.description.trim()}` : title
  return text.slice(0, MAX_MESSAGE_LENGTH)
}

/** The web address of a card, which a message may quote to show it. */
export function cardUrl(boardId: string, cardId: string) {
  return `${appUrl.replace(/\/+$/, '')}/boards/${boardId}/cards/${cardId}`
}

/** The people among these ids who exist: one query. */
export async function existingUsers(ids: Array<string | null | undefined>) {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && isId(id)))]
  if (wanted.length === 0) return new Set<string>()
  const rows = await db.from('users').whereIn('id', wanted).select('id')
  return new Set(rows.map((row) => row.id as string))
}

/**
 * Cards' threads in their board's channel: each card gets a number and a
 * post of its own when it first appears, and its discussion is that post's
 * thread. Threads outlive their cards: a deleted card's discussion stays.
 */
export default class CardThreads {
  constructor(private client: QueryClientContract = db.connection()) {}

  /**
   * Threads of a board's cards, by card id: one query. A thread of another board is not this
   * board's card's, whatever id its document gives a card.
   */
  async byCards(boardId: string, cardIds: string[]) {
    const threads = new Map<string, CardThread>()
    const ids = cardIds.filter(isId)
    if (ids.length === 0) return threads
    const rows = await this.client
      .from('card_threads')
      .where('board_id', boardId)
      .whereIn('card_id', ids)
    for (const row of rows) threads.set(row.card_id, threadFromRow(row))
    return threads
  }

  /**
   * How many comments each card of a board has: people's replies in its thread, not deleted
   * (card activity lines are not comments). Cards without comments are left out. One query
   * for the threads, then one per 500 of them, each on an index (`root_id`).
   */
  async commentCounts(boardId: string): Promise<Record<string, number>> {
    const threads = await this.client
      .from('card_threads')
      .where('board_id', boardId)
      .select('card_id', 'root_id')
    const cardOf = new Map<string, string>(threads.map((row) => [row.root_id, row.card_id]))
    const roots = [...cardOf.keys()]
    const counts: Record<string, number> = {}
    for (let start = 0; start < roots.length; start += 500) {
      const rows = await this.client
        .from('posts')
        .whereIn('root_id', roots.slice(start, start + 500))
        .where('type', '')
        .whereNull('deleted_at')
        .groupBy('root_id')
        .select('root_id')
        .count('* as total')
      for (const row of rows) counts[cardOf.get(row.root_id)!] = Number(row.total)
    }
    return counts
  }

  /** The thread of one card of a board, if it has one. */
  async byCard(boardId: string, cardId: string) {
    const threads = await this.byCards(boardId, [cardId])
    return threads.get(cardId) ?? null
  }

  /**
   * Gives new cards their numbers and posts, in the order given. The post
   * is written by `authorOf(card)` (who made it, as the server saw it) and
   * shows in the channel unless the board sends no activity there, or
   * `quiet` (a card from before threads existed getting one now).
   */
  async open<Card extends ThreadedCard>(
    board: Board,
    cards: Card[],
    authorOf: (card: Card) => string | null,
    options: { quiet?: boolean; after?: (card: Card) => AfterPost } = {}
  ) {
    const opened = new Map<string, CardThread>()
    if (cards.length === 0) return opened
    const key = await ensureKey(board)
    const channel = await Channel.findOrFail(board.channelId)
    const first = await this.#allocate(board.id, cards.length)
    const posts = new PostService()
    for (const [index, card] of cards.entries()) {
      const author = authorOf(card)
      if (!author) {
        logger.warn({ boardId: board.id, cardId: card.id }, 'a card has no known author: no thread')
        continue
      }
      const number = first + index
      const inChannel = !options.quiet && board.channelActivity !== 'none'
      try {
        await posts.createSystem(
          channel,
          {
            userId: author,
            type: CARD_POST,
            message: cardPostMessage(card),
            props: { cardId: card.id, boardId: board.id, ref: `${key}-${number}` },
            inChannel,
          },
          async (trx, recorder, post) => {
            await trx.table('card_threads').insert({
              card_id: card.id,
              board_id: board.id,
              number,
              root_id: post.id,
              created_at: dbTimestamp(trx, post.createdAt),
            })
            await options.after?.(card)(trx, recorder, post)
          }
        )
        const thread = await this.byCard(board.id, card.id)
        if (thread) opened.set(card.id, thread)
      } catch (error) {
        // Most likely another writer opened it first: its thread stands.
        logger.warn({ err: error, cardId: card.id }, 'a card thread could not be opened')
        const thread = await this.byCard(board.id, card.id)
        if (thread) opened.set(card.id, thread)
      }
    }
    return opened
  }

  /** The root posts of threads, by card id: one query. */
  async roots(threads: Iterable<CardThread>) {
    const list = [...threads]
    const ids = list.map((thread) => thread.rootId)
    const posts = ids.length === 0 ? [] : await Post.query().whereIn('id', ids)
    const byId = new Map(posts.map((post) => [post.id, post]))
    return new Map(
      list.flatMap((thread) => {
        const root = byId.get(thread.rootId)
        return root ? [[thread.cardId, root] as const] : []
      })
    )
  }

  /**
   * Recreates threads with the numbers they had (a board imported from an archive) in the
   * caller's transaction: each card's post, quietly (a restore does not flood the channel's
   * history), and its row. The board has its key and a counter past these numbers already.
   */
  async restore(scope: EventScope, board: Board, threads: RestoredThread[]) {
    const channel = await Channel.findOrFail(board.channelId, { client: scope.trx })
    const posts = new PostService()
    for (const thread of threads) {
      const post = await posts.createSystem(
        channel,
        {
          userId: thread.authorId,
          type: CARD_POST,
          message: thread.message.slice(0, MAX_MESSAGE_LENGTH),
          props: { cardId: thread.cardId, boardId: board.id, ref: `${board.key}-${thread.number}` },
          inChannel: false,
        },
        undefined,
        scope
      )
      await scope.trx.table('card_threads').insert({
        card_id: thread.cardId,
        board_id: board.id,
        number: thread.number,
        root_id: post.id,
        created_at: dbTimestamp(scope.trx, post.createdAt),
      })
    }
  }

  /** Reserves `count` card numbers of a board and answers the first. */
  async #allocate(boardId: string, count: number) {
    return db.transaction(async (trx) => {
      await trx
        .from('boards')
        .where('id', boardId)
        .update({ last_card_number: db.raw('last_card_number + ?', [count]) })
      const row = await trx.from('boards').where('id', boardId).select('last_card_number').first()
      return Number(row.last_card_number) - count + 1
    })
  }
}

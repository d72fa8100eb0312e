import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import User from '#app/models/user'
import { affectedRows } from '#app/helpers/database'
import { dbTimestamp } from '#app/helpers/dates'
import Channel from '#chat/models/channel'
import Post from '#chat/models/post'
import PostService from '#chat/services/post_service'
import NotificationService from '#chat/services/notification_service'
import hearthConfig from '#config/hearth'
import { CARD_REMINDER_POST } from '#boards/services/card_threads'
import { dueText } from '#boards/services/card_activity'

type Stage = 'soon' | 'overdue'

/** Another server sent this reminder first: ours is rolled back. */
class AlreadyReminded extends Error {}

/** Which column records that a stage was reminded, and for which due date. */
const MARK: Record<Stage, string> = { soon: 'due_soon_for', overdue: 'overdue_for' }

/** Overdue cards older than this are not reminded (a restored backup must not flood anyone). */
const OVERDUE_HORIZON_DAYS = 7

/** At most this many reminders a round; the next round picks up the rest. */
const ROUND_SIZE = 200

type Due = {
  card_id: string
  board_id: string
  root_id: string
  title: string
  due_at: Date | string
  channel_id: string
}

/**
 * Due-date reminders: when a card is due within the window
 * (`CARD_DUE_SOON_HOURS`) and again when it becomes overdue, a reply in its
 * thread and a `due` notification to each assignee. A card's due date moved
 * is reminded again. Several servers may run rounds at once: each reminder
 * is claimed with one conditional UPDATE first, so it is sent once.
 */
export default class DueReminders {
  constructor(
    private client: QueryClientContract = db.connection(),
    private soonHours = hearthConfig.cards.dueSoonHours
  ) {}

  /** One round; answers how many reminders this server sent. */
  async runOnce(now = DateTime.utc()) {
    let sent = 0
    for (const stage of ['overdue', 'soon'] as const) {
      for (const due of await this.#pending(stage, now)) {
        try {
          if (await this.#remind(stage, due, now)) sent++
        } catch (error) {
          logger.error({ err: error, cardId: due.card_id }, 'a due reminder could not be sent')
        }
      }
    }
    return sent
  }

  /** Open cards in the stage whose current due date was not reminded yet: one indexed query. */
  async #pending(stage: Stage, now: DateTime): Promise<Due[]> {
    const at = (value: DateTime) => dbTimestamp(this.client, value)
    const mark = `t.${MARK[stage]}`
    const query = this.client
      .from('cards as c')
      .join('card_threads as t', (join) =>
        join.on('t.card_id', 'c.id').andOn('t.board_id', 'c.board_id')
      )
      .join('boards as b', 'b.id', 'c.board_id')
      .whereNull('b.archived_at')
      .where('c.archived', false)
      .where((inner) => inner.whereNull(mark).orWhereRaw(`${mark} <> c.due_at`))
      .select('c.id as card_id', 'c.board_id', 't.root_id', 'c.title', 'c.due_at', 'b.channel_id')
      .orderBy('c.due_at')
      .limit(ROUND_SIZE)
    if (stage === 'overdue') {
      query
        .where('c.due_at', '<=', at(now))
        .where('c.due_at', '>', at(now.minus({ days: OVERDUE_HORIZON_DAYS })))
    } else {
      query
        .where('c.due_at', '>', at(now))
        .where('c.due_at', '<=', at(now.plus({ hours: this.soonHours })))
    }
    return query
  }

  /**
   * Marks the stage as reminded for the card's current due date, in the
   * reminder's own transaction; false if another server did first (its
   * transaction holds the row until it commits, then ours finds it marked).
   */
  async #claim(trx: QueryClientContract, stage: Stage, cardId: string) {
    const column = MARK[stage]
    const dueAt = trx.from('cards').where('id', cardId).select('due_at')
    const claimed = await trx
      .from('card_threads')
      .where('card_id', cardId)
      .where((inner) => inner.whereNull(column).orWhereRaw(`${column} <> (${dueAt.toQuery()})`))
      .update({ [column]: db.raw(`(${dueAt.toQuery()})`) })
    return affectedRows(claimed) === 1
  }

  /**
   * Posts the reminder and notifies the assignees, having claimed it in the
   * same transaction: a reminder is sent once, and one that fails is not
   * marked, so the next round tries again. Answers whether it was sent.
   */
  async #remind(stage: Stage, due: Due, now: DateTime) {
    const root = await Post.find(due.root_id)
    const channel = await Channel.find(due.channel_id)
    if (!root || root.isDeleted || !channel) return false
    const dueAt = DateTime.fromJSDate(new Date(due.due_at), { zone: 'utc' })
    const rows = await this.client
      .from('card_assignees')
      .where('card_id', due.card_id)
      .select('user_id')
    const assignees = rows.map((row) => row.user_id as string)
    const author = await User.findOrFail(root.userId)
    const message =
      stage === 'soon'
        ? `**Due soon:** this card is due ${dueText(dueAt)} (${dueAt.toRelative({ base: now })}).`
        : `**Overdue:** this card was due ${dueText(dueAt)}.`
    try {
      await new PostService().createSystem(
        channel,
        {
          userId: root.userId,
          type: CARD_REMINDER_POST,
          message,
          props: { cardId: due.card_id, boardId: due.board_id, stage, dueAt: dueAt.toISO() },
          rootId: root.id,
          inChannel: false,
          followers: assignees,
        },
        async (trx, recorder, post) => {
          if (!(await this.#claim(trx, stage, due.card_id))) throw new AlreadyReminded()
          await new NotificationService(trx).notifyUsers(recorder, {
            post,
            channel,
            author,
            userIds: assignees,
            kind: 'due',
            includeAuthor: true,
          })
        }
      )
      return true
    } catch (error) {
      if (error instanceof AlreadyReminded) return false
      throw error
    }
  }
}

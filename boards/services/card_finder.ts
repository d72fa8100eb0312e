import db from '@adonisjs/lucid/services/db'
import type User from '#app/models/user'
import { visibleBoards } from '#boards/services/board_access'
import { cardUrl } from '#boards/services/card_threads'

/** `OPS-42`, as typed: a board key and a card number, in any case. */
const REFERENCE = /^([a-z][a-z0-9]{1,9})-(\d{1,7})$/i

export type FoundCard = {
  id: string
  ref: string | null
  number: number
  title: string
  boardId: string
  boardTitle: string
  channelId: string
  url: string
}

/**
 * Cards of a team found by what someone typed in the quick switcher: the card a reference
 * (`OPS-42`) names, or cards whose title contains the text, most recently changed first.
 * Only cards on boards the caller may see, never archived ones or those of archived boards.
 * Four queries: the team's boards, what the caller may see of them (two), the cards.
 */
export default class CardFinder {
  async find(user: User, teamId: string, text: string, limit: number): Promise<FoundCard[]> {
    const boards = await db
      .from('boards')
      .where('team_id', teamId)
      .whereNull('archived_at')
      .select('id')
    const visible = await visibleBoards(
      user,
      boards.map((row) => row.id)
    )
    if (visible.size === 0) return []

    const reference = REFERENCE.exec(text.trim())
    const query = db
      .from('cards as c')
      .join('card_threads as t', (join) =>
        join.on('t.card_id', 'c.id').andOn('t.board_id', 'c.board_id')
      )
      .join('boards as b', 'b.id', 'c.board_id')
      .whereIn('c.board_id', [...visible.keys()])
      .where('c.archived', false)
      .select('c.id', 'c.title', 'c.board_id', 't.number', 'b.key', 'b.title as board_title')
      .select('b.channel_id')
      .limit(limit)
    if (reference) {
      query.where('b.key', reference[1].toUpperCase()).where('t.number', Number(reference[2]))
    } else {
      // `!` escapes the wildcards: a backslash means something else in each database's strings.
      const pattern = `%${text.trim().toLowerCase().replace(/[!%_]/g, '!$&')}%`
      query
        .whereRaw(`lower(c.title) like ? escape '!'`, [pattern])
        .orderBy('c.updated_at', 'desc')
        .orderBy('c.id')
    }
    const rows = await query
    return rows.map((row) => ({
      id: row.id,
      ref: row.key ? `${row.key}-${row.number}` : null,
      number: Number(row.number),
      title: row.title,
      boardId: row.board_id,
      boardTitle: row.board_title,
      channelId: row.channel_id,
      url: cardUrl(row.board_id, row.id),
    }))
  }
}

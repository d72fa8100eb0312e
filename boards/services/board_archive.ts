import * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import ApiError from '#app/exceptions/api_error'
import { dbTimestamp, isoFromDb } from '#app/helpers/dates'
import type { ChannelAccess } from '#chat/services/channel_access'
import Board, { DEFAULT_ROLES } from '#boards/models/board'
import BoardMember from '#boards/models/board_member'
import { boardProjection } from '#boards/document/index'
import { documentStore, readDocument } from '#boards/services/document_store'
import { cardProjections } from '#boards/services/card_projection'
import { transformBoard } from '#boards/transformers/board_transformer'

export const ARCHIVE_FORMAT = 'hearth-board'
export const ARCHIVE_VERSION = 1

export type BoardArchiveJson = {
  format: typeof ARCHIVE_FORMAT
  version: number
  exportedAt: string
  board: ReturnType<typeof transformBoard>
  /** The whole Yjs document, `Y.encodeStateAsUpdate`, in base64. */
  document: string
  cards: Record<string, unknown>[]
  members: Array<{ userId: string; role: string }>
}

/**
 * A board as one JSON file and back: its settings, its whole document and
 * its card rows. For moving a board between servers and for backups; an
 * archive whose cards already exist here is refused (card ids are global).
 */
export default class BoardArchive {
  async export(board: Board): Promise<BoardArchiveJson> {
    await documentStore.flush()
    const { doc } = await readDocument(board.id)
    const [cards, members] = await Promise.all([
      db.from('cards').where('board_id', board.id).orderBy('position').orderBy('id'),
      BoardMember.query().where('board_id', board.id),
    ])
    return {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: new Date().toISOString(),
      board: transformBoard(board),
      document: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
      cards: cards.map((row) => ({
        ...row,
        archived: Boolean(row.archived),
        due_at: isoFromDb(row.due_at),
        created_at: isoFromDb(row.created_at),
        updated_at: isoFromDb(row.updated_at),
      })),
      members: members.map(({ userId, role }) => ({ userId, role })),
    }
  }

  /** Makes a new board in `channel` from an archive; its cards keep their ids. */
  async import(channel: ChannelAccess, archive: unknown) {
    const parsed = this.#check(archive)
    const doc = new Y.Doc()
    try {
      Y.applyUpdate(doc, Buffer.from(parsed.document, 'base64'))
    } catch {
      throw ApiError.invalid(
        'document',
        'invalid_archive',
        'The archive’s document does not decode'
      )
    }
    const cardIds = boardProjection(doc).map((card) => card.id)
    if (cardIds.length > 0) {
      const [{ total }] = await db.from('cards').whereIn('id', cardIds).count('* as total')
      if (Number(total) > 0) {
        throw ApiError.conflict(
          'board_exists',
          'This board’s cards already exist on this server: import moves a board, it does not copy one'
        )
      }
    }
    const board = await db.transaction(async (trx) => {
      const created = await Board.create(
        {
          teamId: channel.channel.teamId,
          channelId: channel.channel.id,
          title: parsed.board.title.slice(0, 120),
          icon: String(parsed.board.icon ?? '').slice(0, 32),
          description: String(parsed.board.description ?? '').slice(0, 1000),
          template: String(parsed.board.template ?? 'empty').slice(0, 32),
          defaultRole: DEFAULT_ROLES.includes(parsed.board.defaultRole)
            ? parsed.board.defaultRole
            : 'editor',
          creatorId: null,
        },
        { client: trx }
      )
      await trx.table('board_updates').insert({
        board_id: created.id,
        data: Buffer.from(Y.encodeStateAsUpdate(doc)),
        created_at: dbTimestamp(trx),
      })
      return created
    })
    await cardProjections.project(board.id, doc)
    doc.destroy()
    return { board, cards: cardIds.length }
  }

  #check(archive: unknown) {
    const value = archive as Partial<BoardArchiveJson> | null
    if (
      !value ||
      value.format !== ARCHIVE_FORMAT ||
      value.version !== ARCHIVE_VERSION ||
      typeof value.document !== 'string' ||
      typeof value.board?.title !== 'string'
    ) {
      throw ApiError.invalid(
        'archive',
        'invalid_archive',
        'This is not a Hearth board archive (version 1)'
      )
    }
    return value as BoardArchiveJson
  }
}

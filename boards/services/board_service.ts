import * as Y from 'yjs'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#app/models/user'
import type Team from '#app/models/team'
import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import { dbTimestamp } from '#app/helpers/dates'
import ChannelService, { assertWritable } from '#chat/services/channel_service'
import { findVisibleChannel, type ChannelAccess } from '#chat/services/channel_access'
import { withEvents, type EventRecorder } from '#chat/services/event_log'
import Board, { type BoardRole, type ChannelActivity, type DefaultRole } from '#boards/models/board'
import { freeKey, keyFromTitle, keyTaken } from '#boards/services/board_keys'
import { isUniqueViolation } from '#app/helpers/database'
import BoardMember from '#boards/models/board_member'
import { roleOn, type BoardAccess } from '#boards/services/board_access'
import { transformBoard } from '#boards/transformers/board_transformer'
import BoardAccessChanged from '#boards/events/board_access_changed'
import { TEMPLATES } from '#boards/document/templates'

export type NewBoard = {
  title: string
  template?: string
  icon?: string
  description?: string
  key?: string
}
export type BoardChanges = {
  title?: string
  icon?: string
  description?: string
  defaultRole?: DefaultRole
  key?: string
  channelActivity?: ChannelActivity
}

/** The first state of a board's document: the template's fields and views. */
function initialDocument(template: string) {
  const doc = new Y.Doc()
  TEMPLATES[template].apply(doc)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return Buffer.from(update)
}

/**
 * Boards as things in channels: creating (empty or from a template),
 * listing, settings, archiving, deleting, and explicit roles. The content
 * of a board is its document, changed through the sync server or the card
 * API, never here.
 */
export default class BoardService {
  /** The boards of a channel the user may see, with their role on each: two queries. */
  async list(user: User, channel: ChannelAccess, includeArchived = false) {
    const boards = await Board.query()
      .where('channel_id', channel.channel.id)
      .if(!includeArchived, (query) => query.whereNull('archived_at'))
      .orderBy('created_at')
      .orderBy('id')
    const explicit = await this.#explicitRoles(
      user,
      boards.map((board) => board.id)
    )
    return boards
      .map((board) => ({
        board,
        role: roleOn(user, board, channel, explicit.get(board.id) ?? null),
      }))
      .filter((entry): entry is { board: Board; role: BoardRole } => entry.role !== null)
  }

  /** A board in a channel the user may post in. */
  async create(user: User, channel: ChannelAccess, params: NewBoard) {
    assertWritable(channel.channel)
    try {
      return await withEvents(async (trx, recorder) =>
        this.#create(trx, recorder, user, channel, params)
      )
    } catch (error) {
      // Two boards given the same free key at the same moment: the second is told.
      if (isUniqueViolation(error)) throw keyTaken(params.key ?? keyFromTitle(params.title))
      throw error
    }
  }

  /**
   * A board outside any channel: it gets a channel of its own (kind
   * `board`), whose admin is the creator.
   */
  async createStandalone(user: User, team: Team, params: NewBoard) {
    const { channel } = await new ChannelService().create(user, team, {
      type: 'board',
      displayName: params.title.slice(0, 64),
    })
    const access = await findVisibleChannel(user, channel.id)
    try {
      return await this.create(user, access, params)
    } catch (error) {
      await channel.delete()
      throw error
    }
  }

  async #create(
    trx: TransactionClientContract,
    recorder: EventRecorder,
    user: User,
    channel: ChannelAccess,
    params: NewBoard
  ) {
    const template = params.template ?? 'empty'
    const key = await freeKey(
      trx,
      channel.channel.teamId,
      params.key ?? keyFromTitle(params.title),
      params.key !== undefined
    )
    const board = await Board.create(
      {
        teamId: channel.channel.teamId,
        channelId: channel.channel.id,
        title: params.title,
        icon: params.icon ?? '',
        description: params.description ?? '',
        template,
        key,
        lastCardNumber: 0,
        channelActivity: 'new_cards',
        defaultRole: 'editor',
        creatorId: user.id,
        archivedAt: null,
      },
      { client: trx }
    )
    await trx.table('board_updates').insert({
      board_id: board.id,
      data: initialDocument(template),
      created_at: dbTimestamp(trx),
    })
    await recorder.record(board.stream, 'board.created', { board: transformBoard(board) })
    return board
  }

  /**
   * Renames a board, or changes its icon, description, default role, key or
   * what of its activity shows in the channel. A new key is free in the team
   * or a 409; references with the old key stop resolving.
   */
  async update(access: BoardAccess, changes: BoardChanges) {
    const { board } = access
    try {
      await withEvents(async (trx, recorder) => {
        if (changes.key && changes.key !== board.key) {
          await freeKey(trx, board.teamId, changes.key, true)
        }
        board.merge(changes)
        await board.useTransaction(trx).save()
        await recorder.record(board.stream, 'board.updated', { board: transformBoard(board) })
      })
    } catch (error) {
      if (isUniqueViolation(error)) throw keyTaken(changes.key ?? '')
      throw error
    }
    if (changes.defaultRole) await BoardAccessChanged.dispatch(board.id)
    return board
  }

  /** Archives a board (read-only for everyone) or brings it back. */
  async setArchived(access: BoardAccess, archived: boolean) {
    const { board } = access
    if (board.isArchived === archived) return board
    await withEvents(async (trx, recorder) => {
      board.archivedAt = archived ? DateTime.now() : null
      await board.useTransaction(trx).save()
      const type = archived ? 'board.archived' : 'board.unarchived'
      await recorder.record(board.stream, type, { board: transformBoard(board) })
    })
    await BoardAccessChanged.dispatch(board.id)
    return board
  }

  /** Deletes a board with its document and cards. */
  async delete(access: BoardAccess) {
    const { board } = access
    await withEvents(async (trx, recorder) => {
      await board.useTransaction(trx).delete()
      await recorder.record(board.stream, 'board.deleted', {
        board: { id: board.id, channelId: board.channelId },
      })
    })
    await BoardAccessChanged.dispatch(board.id, true)
  }

  /** The people with an explicit role on the board. */
  async members(access: BoardAccess) {
    return BoardMember.query().where('board_id', access.board.id).orderBy('id')
  }

  /**
   * Gives someone an explicit role on the board. They must already be able
   * to see its channel (a guest must be in it); anyone else is unknown.
   */
  async setRole(access: BoardAccess, userId: string, role: BoardRole) {
    const target = isId(userId) ? await User.find(userId) : null
    const seen = target?.isActive
      ? await findVisibleChannel(target, access.board.channelId).catch(() => null)
      : null
    if (!target || !seen) {
      throw ApiError.invalid(
        'userId',
        'not_in_channel',
        'Only people who can see the board’s channel can be given a role'
      )
    }
    await BoardMember.updateOrCreate({ boardId: access.board.id, userId }, { role })
    await BoardAccessChanged.dispatch(access.board.id)
    return { userId, role }
  }

  /** Takes someone's explicit role away: the channel decides again. */
  async removeRole(access: BoardAccess, userId: string) {
    await BoardMember.query().where({ board_id: access.board.id, user_id: userId }).delete()
    await BoardAccessChanged.dispatch(access.board.id)
  }

  async #explicitRoles(user: User, boardIds: string[]) {
    if (boardIds.length === 0) return new Map<string, BoardRole>()
    const rows = await BoardMember.query().where('user_id', user.id).whereIn('board_id', boardIds)
    return new Map(rows.map((row) => [row.boardId, row.role]))
  }
}

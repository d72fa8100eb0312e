import * as Y from 'yjs'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ApiError from '#app/exceptions/api_error'
import { isUniqueViolation } from '#app/helpers/database'
import { dbTimestamp, isoFromDb } from '#app/helpers/dates'
import { isId, newId } from '#app/helpers/ids'
import type { ChannelAccess } from '#chat/services/channel_access'
import { assertWritable } from '#chat/services/channel_service'
import { withEvents } from '#chat/services/event_log'
import Board, { type BoardRole } from '#boards/models/board'
import BoardMember from '#boards/models/board_member'
import { boardProjection, cardsOf, peopleOf, rekeyCards, remapPeople } from '#boards/document/index'
import { boardArchiveValidator } from '#boards/validators/board_validators'
import { documentStore, readDocument } from '#boards/services/document_store'
import { cardProjections } from '#boards/services/card_projection'
import CardThreads from '#boards/services/card_threads'
import { planThreads, type ArchivedThread } from '#boards/services/archive_threads'
import { freeKey, keyFromTitle, keyTaken } from '#boards/services/board_keys'
import {
  archivedPeople,
  leftOut,
  matchPeople,
  type ArchivedPerson,
} from '#boards/services/archive_people'
import { transformBoard } from '#boards/transformers/board_transformer'

export const ARCHIVE_FORMAT = 'hearth-board'
export const ARCHIVE_VERSION = 2

export type BoardArchiveJson = {
  format: typeof ARCHIVE_FORMAT
  version: number
  exportedAt: string
  board: ReturnType<typeof transformBoard>
  /** The number the board's last card got (numbers are never reused). */
  lastCardNumber: number
  /** The whole Yjs document, `Y.encodeStateAsUpdate`, in base64. */
  document: string
  cards: Record<string, unknown>[]
  /** Every card's thread, a deleted card's too, in number order. */
  threads: ArchivedThread[]
  members: Array<{ userId: string; role: string }>
  /** Everyone the archive names, so an import finds them again by email or username. */
  users: ArchivedPerson[]
}

/** What an import made, and what of the archive it could not map onto the team. */
export type ImportReport = {
  board: Board
  cards: number
  /** Threads brought back with their numbers. */
  threads: number
  /** Cards the archive gave no thread, numbered after the others. */
  numbered: number
  /** Cards given new ids: theirs are taken on this server, or are no UUIDs. */
  newIds: number
  roles: number
  /** Each person not found among the team's members, and what of theirs was left out. */
  missing: Array<{ name: string; lost: string[] }>
  /** Card posts written in `author`'s name, their own author not being here. */
  substitute: { author: string; refs: string[] } | null
}

type Archive = Awaited<ReturnType<typeof boardArchiveValidator.validate>>

/**
 * A board as one JSON file and back: its settings, its whole document, its card rows, its
 * cards' threads and roles, and the people it names. For backups and for moving a board
 * between servers: an import brings back the key, card numbers and threads, and maps people
 * by email or username onto the team's members.
 */
export default class BoardArchive {
  async export(board: Board): Promise<BoardArchiveJson> {
    await documentStore.flush()
    const { doc } = await readDocument(board.id)
    const [cards, members, threads] = await Promise.all([
      db.from('cards').where('board_id', board.id).orderBy('position').orderBy('id'),
      BoardMember.query().where('board_id', board.id),
      db
        .from('card_threads')
        .join('posts', 'posts.id', 'card_threads.root_id')
        .where('card_threads.board_id', board.id)
        .orderBy('card_threads.number')
        .select('card_threads.card_id', 'card_threads.number', 'posts.user_id', 'posts.message'),
    ])
    const archivedThreads = threads.map((row) => ({
      cardId: row.card_id as string,
      number: Number(row.number),
      authorId: row.user_id as string,
      message: row.message as string,
    }))
    const named = [
      ...peopleOf(doc),
      ...members.map((member) => member.userId),
      ...archivedThreads.map((thread) => thread.authorId),
      ...(board.creatorId ? [board.creatorId] : []),
    ]
    return {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: new Date().toISOString(),
      board: transformBoard(board),
      lastCardNumber: board.lastCardNumber,
      document: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
      cards: cards.map((row) => ({
        ...row,
        archived: Boolean(row.archived),
        due_at: isoFromDb(row.due_at),
        created_at: isoFromDb(row.created_at),
        updated_at: isoFromDb(row.updated_at),
      })),
      threads: archivedThreads,
      members: members.map(({ userId, role }) => ({ userId, role })),
      users: await archivedPeople(named),
    }
  }

  /**
   * Makes a board in `channel` from an archive, in one transaction: the archive's key (or
   * `key`; taken in the team, a 409), card numbers and threads. Card ids are kept unless taken
   * here (the same archive imported twice), then new ones are given. People are the team's
   * members with the same email or username; those not found are left out and reported.
   */
  async import(
    channel: ChannelAccess,
    archive: unknown,
    options: { key?: string } = {}
  ): Promise<ImportReport> {
    assertWritable(channel.channel)
    const parsed = await this.#check(archive)
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
    // What would stay pending is neither stored nor counted, yet ends up in the snapshot.
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      throw ApiError.invalid(
        'document',
        'invalid_archive',
        'The archive’s document depends on changes it does not hold'
      )
    }
    try {
      const report = await this.#write(channel, parsed, doc, options.key).catch((error) => {
        // Another board took the key since it was found free.
        throw isUniqueViolation(error)
          ? keyTaken(options.key ?? parsed.board.key ?? keyFromTitle(parsed.board.title))
          : error
      })
      await cardProjections.project(report.board.id, doc)
      return report
    } finally {
      doc.destroy()
    }
  }

  #write(channel: ChannelAccess, parsed: Archive, doc: Y.Doc, key?: string) {
    const teamId = channel.channel.teamId
    return withEvents(async (trx, recorder) => {
      const found = await matchPeople(trx, teamId, parsed.users ?? [])
      const newIds = await this.#newIds(trx, doc, parsed.threads ?? [])
      rekeyCards(doc, newIds)
      const dropped = remapPeople(doc, found.people)
      const cards = boardProjection(doc)
      const creatorId = found.people.get(parsed.board.creatorId ?? '') ?? null
      const plan = planThreads(
        parsed.threads ?? [],
        parsed.lastCardNumber ?? 0,
        cards,
        newIds,
        found.people,
        creatorId ?? found.admins[0]
      )
      const board = await Board.create(
        {
          ...this.#settings(parsed.board),
          teamId,
          channelId: channel.channel.id,
          key: await this.#key(trx, teamId, key ?? parsed.board.key, parsed.board.title),
          lastCardNumber: plan.last,
          creatorId,
        },
        { client: trx }
      )
      await trx.table('board_updates').insert({
        board_id: board.id,
        data: Buffer.from(Y.encodeStateAsUpdate(doc)),
        created_at: dbTimestamp(trx),
      })
      const roles = await this.#roles(trx, board, parsed.members ?? [], found.people)
      await new CardThreads(trx).restore({ trx, recorder }, board, plan.threads)
      await recorder.record(board.stream, 'board.created', { board: transformBoard(board) })

      const renamed = new Set(newIds.values())
      const refs = new Map(
        plan.threads.map((thread) => [thread.cardId, `${board.key}-${thread.number}`])
      )
      const lost = leftOut(parsed.members ?? [], found.people, dropped, plan.borrowed, refs)
      const by = plan.borrowed[0]?.by
      return {
        board,
        cards: cards.length,
        threads: plan.threads.length - plan.numbered,
        numbered: plan.numbered,
        newIds: cards.filter((card) => renamed.has(card.id)).length,
        roles,
        missing: [...lost].map(([id, what]) => ({ name: found.name(id), lost: what })),
        substitute: by
          ? {
              author: found.usernames.get(by) ?? by,
              refs: plan.borrowed.map(({ cardId }) => refs.get(cardId)!),
            }
          : null,
      }
    })
  }

  /** A board's settings as the archive has them. */
  #settings(board: Archive['board']) {
    const at = board.archivedAt ? DateTime.fromISO(board.archivedAt) : null
    return {
      title: board.title,
      icon: board.icon ?? '',
      description: board.description ?? '',
      template: board.template ?? 'empty',
      channelActivity: board.channelActivity ?? 'new_cards',
      defaultRole: board.defaultRole ?? 'editor',
      archivedAt: at?.isValid ? at : null,
    }
  }

  /** The archive's explicit roles of the people found here; answers how many. */
  async #roles(
    trx: TransactionClientContract,
    board: Board,
    members: NonNullable<Archive['members']>,
    people: Map<string, string>
  ) {
    const roles = new Map<string, BoardRole>()
    for (const member of members) {
      const userId = people.get(member.userId)
      if (userId) roles.set(userId, member.role)
    }
    for (const [userId, role] of roles) {
      await BoardMember.create({ boardId: board.id, userId, role }, { client: trx })
    }
    return roles.size
  }

  /** Card ids to replace: ids taken on this server (a card's or a thread's), and non-UUID keys. */
  async #newIds(trx: TransactionClientContract, doc: Y.Doc, threads: ArchivedThread[]) {
    const ids = [...new Set([...cardsOf(doc).keys(), ...threads.map((thread) => thread.cardId)])]
    const valid = ids.filter(isId)
    const taken = new Set<string>()
    for (let index = 0; index < valid.length; index += 500) {
      const batch = valid.slice(index, index + 500)
      const cards = await trx.from('cards').whereIn('id', batch).select('id')
      const threaded = await trx.from('card_threads').whereIn('card_id', batch).select('card_id')
      for (const row of cards) taken.add(row.id)
      for (const row of threaded) taken.add(row.card_id)
    }
    return new Map(ids.filter((id) => !isId(id) || taken.has(id)).map((id) => [id, newId()]))
  }

  /** The archive's key, which must be free in the team; without one, a free key from the title. */
  #key(
    trx: TransactionClientContract,
    teamId: string,
    wanted: string | null | undefined,
    title: string
  ) {
    if (wanted) return freeKey(trx, teamId, wanted, true)
    return freeKey(trx, teamId, keyFromTitle(title), false)
  }

  async #check(archive: unknown) {
    const value = archive as { format?: unknown } | null
    if (!value || typeof value !== 'object' || value.format !== ARCHIVE_FORMAT) {
      throw ApiError.invalid('archive', 'invalid_archive', 'This is not a Hearth board archive')
    }
    return boardArchiveValidator.validate(archive)
  }
}

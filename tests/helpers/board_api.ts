import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { Group } from '@japa/runner/core'
import type Team from '#app/models/team'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import { isoFromDb } from '#app/helpers/dates'
import type Channel from '#chat/models/channel'
import { documentStore } from '#boards/services/document_store'
import { cardProjections } from '#boards/services/card_projection'
import { boardSync } from '#boards/sync/board_sync_server'
import { UserFactory } from '#database/factories/user_factory'
import { withToken } from '#tests/helpers/auth'
import { channelOf, removeTeam } from '#tests/helpers/chat'
import { join } from '#tests/helpers/memberships'
import type { Cleanup } from '#tests/helpers/realtime'
import { expectStatus, type WebClient } from '#tests/helpers/web_client'

/** The 404 for a board the caller may not see or that does not exist. */
export const BOARD_NOT_FOUND = { code: 'not_found', message: 'Board not found' }

/** The 404 for a card the caller may not see or that does not exist. */
export const CARD_NOT_FOUND = { code: 'not_found', message: 'Card not found' }

/**
 * Everyone a board's rules tell apart, each with a Bearer client: the team admin, `owner` (admin
 * of the public channel `dev`), `alice` (a plain member of `dev`), `bob` (a team member outside
 * `dev`), `guest` (a team guest) and `outsider` (in no team).
 */
export type BoardCast = {
  team: Team
  dev: Channel
  users: Record<'admin' | 'owner' | 'alice' | 'bob' | 'guest' | 'outsider', User>
  as: Record<'admin' | 'owner' | 'alice' | 'bob' | 'guest' | 'outsider', WebClient>
}

/** Use for board tests: the cast above, signed in with tokens. */
export async function boardCast(): Promise<BoardCast> {
  const [admin, owner, alice, bob, guest, outsider] = await UserFactory.createMany(6)
  const teams = new TeamService()
  const team = await teams.create(admin, 'Hearth')
  for (const user of [owner, alice, bob]) await teams.addMember(team, user, 'member')
  await teams.addMember(team, guest, 'guest')
  const dev = await channelOf(owner, team, 'dev')
  await join(dev, alice)
  const users = { admin, owner, alice, bob, guest, outsider }
  const entries = await Promise.all(
    Object.entries(users).map(async ([name, user]) => [name, await withToken(user)] as const)
  )
  return { team, dev, users, as: Object.fromEntries(entries) as BoardCast['as'] }
}

/** Use to make a board through the API as the client's user (201 expected); answers its JSON. */
export async function makeBoard(
  client: WebClient,
  channelId: string,
  fields: Record<string, unknown> = {}
) {
  const response = await client.post(`/api/v1/channels/${channelId}/boards`, {
    title: 'Roadmap',
    ...fields,
  })
  return expectStatus(response, 201).body
}

/** Use to read a board's document as the API answers it (fields, views, columns, cards). */
export async function documentOf(client: WebClient, boardId: string) {
  return expectStatus(await client.get(`/api/v1/boards/${boardId}/document`), 200).body
}

/** Use to find a field of a board document by name. */
export function fieldId(document: { fields: Array<{ id: string; name: string }> }, name: string) {
  const field = document.fields.find((candidate) => candidate.name === name)
  if (!field) throw new Error(`no field ${name}`)
  return field.id
}

/** Use to find an option id of a board document's select field by field name and label. */
export function optionOf(document: { fields: any[] }, name: string, label: string) {
  const field = document.fields.find((candidate) => candidate.name === name)
  const option = field?.options?.find((candidate: { label: string }) => candidate.label === label)
  if (!option) throw new Error(`no option ${label} in ${name}`)
  return option.id as string
}

/** A `cards` row as the tests compare it: the projected columns, dates as ISO strings. */
export type CardRow = {
  id: string
  title: string
  groupValue: string | null
  dueAt: string | null
  archived: boolean
  position: string
  assignees: string[]
  values: Record<string, unknown>
}

/** Use to read what the SQL projection holds for a board's cards, by id, with assignees sorted. */
export async function cardRows(boardId: string): Promise<Map<string, CardRow>> {
  const rows = await db.from('cards').where('board_id', boardId).orderBy('id')
  const assignees = await db.from('card_assignees').where('board_id', boardId)
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        title: row.title,
        groupValue: row.group_value,
        dueAt: isoFromDb(row.due_at),
        archived: Boolean(row.archived),
        position: row.position,
        assignees: assignees
          .filter((entry) => entry.card_id === row.id)
          .map((entry) => entry.user_id)
          .sort(),
        values: JSON.parse(row.field_values),
      },
    ])
  )
}

/** Use to read the projection of one card: its `cards` row (undefined when there is none). */
export async function cardRow(cardId: string): Promise<CardRow | undefined> {
  const row = await db.from('cards').where('id', cardId).select('board_id').first()
  if (!row) return undefined
  const rows = await cardRows(row.board_id)
  return rows.get(cardId)
}

/**
 * Use in a group after `isolate`: when each test ends, what the document store holds is written
 * and unloaded inside the test's transaction, before the rollback, so no background write of one
 * test lands in the next.
 */
export function unloadBoards(group: Group) {
  group.each.setup(() => () => documentStore.close())
}

/**
 * Use for card tests: the board cast of `boardCast` with a `project_tasks` board "Roadmap"
 * (key ROA) in `dev` made by its owner (so alice, a member of dev, edits; bob, a reader of the
 * public channel, views; the guest sees nothing), the ids of its fields and options, and the
 * path of its cards.
 */
export async function taskBoard() {
  const cast = await boardCast()
  const board = await makeBoard(cast.as.owner, cast.dev.id, { template: 'project_tasks' })
  const document = await documentOf(cast.as.owner, board.id)
  const ids = {
    status: fieldId(document, 'Status'),
    assignee: fieldId(document, 'Assignee'),
    due: fieldId(document, 'Due date'),
    priority: fieldId(document, 'Priority'),
    todo: optionOf(document, 'Status', 'To do'),
    doing: optionOf(document, 'Status', 'In progress'),
    done: optionOf(document, 'Status', 'Done'),
    high: optionOf(document, 'Priority', 'High'),
    low: optionOf(document, 'Priority', 'Low'),
  }
  const cards = `/api/v1/boards/${board.id}/cards`
  return { ...cast, board, key: board.key as string, ids, cards }
}

/** Use in a group that commits its data: fresh rate limits for each test, no transaction. */
export function freshLimits(group: Group) {
  group.each.setup(() => limiter.clear())
}

/**
 * Use where a test must commit (another connection cannot see a test's transaction, nor
 * FULLTEXT an uncommitted row): the board of `taskBoard`, removed when the test ends, its
 * sockets closed and the board documents unloaded first so that nothing is written for a board
 * that is gone.
 */
export async function committedTaskBoard(cleanup: Cleanup) {
  const cast = await taskBoard()
  const everyone: User[] = Object.values(cast.users)
  cleanup(async () => {
    await boardSync.closeAll()
    await documentStore.close()
    await removeTeam(cast.team, everyone)
  })
  return cast
}

/** Use to create a card the test relies on (201 expected); answers its JSON. */
export async function addCard(client: WebClient, path: string, fields: Record<string, unknown>) {
  const response = await client.post(path, fields)
  return expectStatus(response, 201).body
}

/** Use to change a card the test relies on (200 expected); answers its JSON. */
export async function patchCard(
  client: WebClient,
  cardId: string,
  fields: Record<string, unknown>
) {
  const response = await client.patch(`/api/v1/cards/${cardId}`, fields)
  return expectStatus(response, 200).body
}

/**
 * Use after a socket change has shown: writes what is pending and runs any projection still
 * scheduled (and its card activity) now, so a count read next is final.
 */
export async function settle(boardId: string) {
  await documentStore.whenPersisted(boardId)
  const doc = await documentStore.open(boardId)
  try {
    await cardProjections.flush(boardId, doc)
  } finally {
    documentStore.release(boardId, doc)
  }
}

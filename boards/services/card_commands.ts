import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type User from '#app/models/user'
import {
  CommandRefusal,
  CommandUsageError,
  type CommandArgument,
  type CommandContext,
  type SlashCommand,
} from '#chat/services/commands'
import type { ChannelAccess } from '#chat/services/channel_access'
import { assigneeField, dueDateField, fieldList } from '#boards/document/index'
import BoardPolicy from '#boards/policies/board_policy'
import { findVisibleBoard, type BoardAccess } from '#boards/services/board_access'
import BoardService from '#boards/services/board_service'
import { ensureKey } from '#boards/services/board_keys'
import CardService, { findColumn, type LinkedCardJson } from '#boards/services/card_service'
import { documentStore } from '#boards/services/document_store'
import { transformBoard } from '#boards/transformers/board_transformer'

const REFERENCE = /^([A-Za-z][A-Za-z0-9]{1,9})-(\d{1,7})$/

/** The first word of the arguments and the rest. */
function split(args: string) {
  const [first = '', ...rest] = args.split(/\s+/)
  return { first, rest: rest.join(' ').trim() }
}

/** The boards of the command's channel that the caller may see, oldest first. */
async function channelBoards(user: User, access: ChannelAccess): Promise<BoardAccess[]> {
  const list = await new BoardService().list(user, access)
  for (const { board } of list) await ensureKey(board)
  return list.map(({ board, role }) => ({ board, role, channel: access }))
}

/** A card by reference (`OPS-42`) among the boards of the channel's team that the caller may see. */
async function cardByReference(user: User, access: ChannelAccess, reference: string) {
  const match = REFERENCE.exec(reference)
  if (!match) throw new CommandUsageError(`"${reference}" is not a card reference like OPS-42.`)
  const key = match[1].toUpperCase()
  const ref = `${key}-${Number(match[2])}`
  const row = await db
    .from('card_threads as t')
    .join('boards as b', 'b.id', 't.board_id')
    .join('cards as c', (join) => join.on('c.id', 't.card_id').andOn('c.board_id', 't.board_id'))
    .where('b.team_id', access.channel.teamId)
    .where('b.key', key)
    .where('t.number', Number(match[2]))
    .select('t.card_id', 'b.id as board_id')
    .first()
  const board = row ? await findVisibleBoard(user, row.board_id).catch(() => null) : null
  if (!row || !board) throw new CommandRefusal(`There is no card ${ref} that you can see.`)
  return { access: board, cardId: row.card_id as string, ref }
}

function assertCanEdit(user: User, access: BoardAccess) {
  if (!new BoardPolicy().edit(user, access)) {
    const why = access.board.isArchived ? 'it is archived' : `your role there is ${access.role}`
    throw new CommandRefusal(`You cannot change cards on ${access.board.title}: ${why}.`)
  }
}

/** Reads the board's fields once, for a command that needs one of them. */
async function fieldsOf(access: BoardAccess) {
  const doc = await documentStore.open(access.board.id)
  try {
    return { fields: fieldList(doc), column: (input: string) => findColumn(doc, input) }
  } finally {
    documentStore.release(access.board.id, doc)
  }
}

/** A due date as typed: `YYYY-MM-DD`, an ISO date-time, `today`, `tomorrow`, or `none`. */
export function parseDue(input: string, now = DateTime.utc()): string | null | undefined {
  const text = input.trim().toLowerCase()
  if (['none', 'clear', 'remove'].includes(text)) return null
  if (text === 'today') return now.toISODate()!
  if (text === 'tomorrow') return now.plus({ days: 1 }).toISODate()!
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return DateTime.fromISO(text, { zone: 'utc' }).isValid ? text : undefined
  }
  const at = DateTime.fromISO(input.trim(), { setZone: true })
  return at.isValid && /[zZ]|[+-]\d{2}:?\d{2}$/.test(input.trim()) ? at.toUTC().toISO()! : undefined
}

function done(card: LinkedCardJson, what: string) {
  return { text: `${card.ref ?? 'The card'} ${what}`, data: { card } }
}

async function newCard({ user, access, args }: CommandContext) {
  if (!args) throw new CommandUsageError('Give the new card a title.')
  if (args.length > 500) throw new CommandUsageError('A card title is at most 500 characters.')
  const [board] = await channelBoards(user, access)
  if (!board) {
    throw new CommandRefusal(
      'This channel has no board yet. Create one, or use /board list to see what is here.'
    )
  }
  assertCanEdit(user, board)
  const card = await new CardService().create(user, board, { title: args })
  return done(card, `created on ${board.board.title}: ${card.title}`)
}

async function moveCard({ user, access, args }: CommandContext) {
  const { first, rest } = split(args)
  if (!first || !rest) throw new CommandUsageError('Say which card and to which column.')
  const found = await cardByReference(user, access, first)
  assertCanEdit(user, found.access)
  const { column } = await fieldsOf(found.access)
  let target = column(rest)
  if (target === undefined && ['none', 'no column'].includes(rest.toLowerCase())) target = null
  if (target === undefined) {
    throw new CommandRefusal(`${found.access.board.title} has no column "${rest}".`)
  }
  const card = await new CardService().update(user, found.access, found.cardId, { column: target })
  return done(card, `moved to ${rest}`)
}

async function assignCard({ user, access, args }: CommandContext) {
  const { first, rest } = split(args)
  const names = rest
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((name) => name.replace(/^@/, '').toLowerCase())
  if (!first || names.length === 0)
    throw new CommandUsageError('Say which card and whom to assign.')
  const found = await cardByReference(user, access, first)
  assertCanEdit(user, found.access)
  const people = await db
    .from('users')
    .join('team_members as tm', 'tm.user_id', 'users.id')
    .where('tm.team_id', access.channel.teamId)
    .whereNull('users.deactivated_at')
    .whereIn('users.username', names)
    .select('users.id', 'users.username')
  const unknown = names.filter((name) => !people.some((row) => row.username === name))
  if (unknown.length > 0) {
    throw new CommandRefusal(`No one in this team is called @${unknown.join(', @')}.`)
  }
  const { fields } = await fieldsOf(found.access)
  const field = assigneeField(fields)
  if (!field) throw new CommandRefusal(`${found.access.board.title} has no person field to assign.`)
  const service = new CardService()
  const shown = await service.show(found.access, found.cardId)
  const current = shown.values[field.id]
  const assigned = [
    ...new Set([...(Array.isArray(current) ? current : []), ...people.map((row) => row.id)]),
  ]
  const card = await service.update(user, found.access, found.cardId, {
    values: { [field.id]: assigned },
  })
  return done(card, `assigned to @${people.map((row) => row.username).join(', @')}`)
}

async function setDue({ user, access, args }: CommandContext) {
  const { first, rest } = split(args)
  if (!first || !rest) throw new CommandUsageError('Say which card and its due date.')
  const due = parseDue(rest)
  if (due === undefined) {
    throw new CommandUsageError(
      `"${rest}" is not a date: use YYYY-MM-DD, an ISO date-time with a zone, today, tomorrow or none.`
    )
  }
  const found = await cardByReference(user, access, first)
  assertCanEdit(user, found.access)
  const { fields } = await fieldsOf(found.access)
  const field = dueDateField(fields)
  if (!field)
    throw new CommandRefusal(`${found.access.board.title} has no date field for due dates.`)
  const card = await new CardService().update(user, found.access, found.cardId, {
    values: { [field.id]: due },
  })
  return done(card, due ? `is due ${rest}` : 'has no due date any more')
}

const CARD_ACTIONS: Record<
  string,
  (context: CommandContext) => Promise<{ text: string; data?: unknown }>
> = {
  new: newCard,
  move: moveCard,
  assign: assignCard,
  due: setDue,
}

/** The card a `/card` form acts on, by its reference. */
const CARD_ARGUMENT: CommandArgument = { name: 'card', kind: 'card', hint: 'OPS-42' }

/** `/card`: make, move, assign and date cards from the composer. */
export const cardCommand: SlashCommand = {
  name: 'card',
  description: 'work with cards from the composer',
  forms: [
    {
      subcommand: 'new',
      description: 'a card on this channel’s board',
      args: [{ name: 'title', kind: 'text', hint: '<title>' }],
    },
    {
      subcommand: 'move',
      description: 'moves the card to a column',
      args: [CARD_ARGUMENT, { name: 'column', kind: 'choice', hint: '<column | none>' }],
    },
    {
      subcommand: 'assign',
      description: 'adds people of the team to the card’s assignees',
      args: [CARD_ARGUMENT, { name: 'people', kind: 'user', hint: '@user [@user…]' }],
    },
    {
      subcommand: 'due',
      description: 'sets or clears the card’s due date',
      args: [
        CARD_ARGUMENT,
        {
          name: 'date',
          kind: 'date',
          hint: '<YYYY-MM-DD | ISO date-time with a zone | today | tomorrow | none>',
        },
      ],
    },
  ],
  async run(context) {
    const { first, rest } = split(context.args)
    const action = CARD_ACTIONS[first.toLowerCase()]
    if (!action) {
      throw new CommandUsageError(first ? `/card has no "${first}".` : 'What should /card do?')
    }
    return action({ ...context, args: rest })
  },
}

/** `/board list`: the boards of this channel, with their keys. */
export const boardCommand: SlashCommand = {
  name: 'board',
  description: 'the boards of this channel',
  forms: [{ subcommand: 'list', description: 'the channel’s boards with their keys', args: [] }],
  async run({ user, access, args }) {
    if (args.toLowerCase() !== 'list') {
      throw new CommandUsageError(args ? `/board has no "${args}".` : 'What should /board do?')
    }
    const boards = await channelBoards(user, access)
    if (boards.length === 0)
      return { text: 'This channel has no boards yet.', data: { boards: [] } }
    const lines = boards.map(({ board, role }) => `${board.key ?? '—'}  ${board.title} (${role})`)
    return {
      text: ['Boards in this channel:', ...lines].join('\n'),
      data: { boards: boards.map(({ board, role }) => transformBoard(board, role)) },
    }
  },
}

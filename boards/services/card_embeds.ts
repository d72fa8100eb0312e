import db from '@adonisjs/lucid/services/db'
import { appUrl } from '#config/app'
import { isoFromDb } from '#app/helpers/dates'
import type User from '#app/models/user'
import type Post from '#chat/models/post'
import type { Embed, EmbedResolver } from '#chat/services/extensions'
import type { PostLike } from '#chat/transformers/post_transformer'
import { visibleBoards } from '#boards/services/board_access'
import { CARD_POST, cardUrl } from '#boards/services/card_threads'

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
/** `OPS-42`: a board key and a card number, not inside a longer word, path or anchor. */
const REFERENCE = /(?<![\w/#.-])([A-Z][A-Z0-9]{1,9})-(\d{1,7})(?![\w-])/g
const escaped = appUrl.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** A card's address on this server: `<APP_URL>/boards/<board>/cards/<card>`. */
const CARD_URL = new RegExp(`${escaped}/boards/(${UUID})/cards/(${UUID})`, 'gi')
/** The same two, stateless, for a yes-or-no test (a global regex remembers where it stopped). */
const HAS_REFERENCE = new RegExp(REFERENCE.source)
const HAS_CARD_URL = new RegExp(CARD_URL.source, 'i')

type Wanted = { cardId: string } | { key: string; number: number }

/** Code spans and blocks do not reference anything, as for mentions. */
function withoutCode(message: string) {
  return message.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ')
}

/** The cards a post points at, in order: its own card, cards made from it, references, links. */
function wantedBy(post: PostLike | Post): Wanted[] {
  const wanted: Wanted[] = []
  const props = post.props ?? {}
  if (post.type === CARD_POST && typeof props.cardId === 'string') {
    wanted.push({ cardId: props.cardId })
  }
  if (post.type !== '') return wanted
  if (Array.isArray(props.cardIds)) {
    for (const id of props.cardIds) if (typeof id === 'string') wanted.push({ cardId: id })
  }
  const text = withoutCode(post.message)
  for (const match of text.matchAll(REFERENCE)) {
    wanted.push({ key: match[1], number: Number(match[2]) })
  }
  for (const match of text.matchAll(CARD_URL)) wanted.push({ cardId: match[2].toLowerCase() })
  return wanted.slice(0, 20)
}

type CardRow = Record<string, any>

/**
 * Card previews in messages, through chat's embed extension point: a
 * card's own post, the message a card was made from, and any `OPS-42`
 * reference or card address in a message. A preview is resolved for each
 * reader: a card on a board they may not see is left out, so they see the
 * plain text. Eight queries at most for a whole page of posts.
 */
export const cardEmbeds: EmbedResolver = {
  // The cards made from a message: only the reader's previews may name them.
  listedProps: ['cardIds'],

  mayEmbed(post) {
    if (post.type === CARD_POST) return true
    if (post.type !== '') return false
    if (Array.isArray(post.props?.cardIds)) return true
    return HAS_REFERENCE.test(post.message) || HAS_CARD_URL.test(post.message)
  },

  async resolve(viewer: User, posts) {
    const wanted = new Map(posts.map((post) => [post.id, wantedBy(post)]))
    const all = [...wanted.values()].flat()
    const ids = new Set(all.flatMap((item) => ('cardId' in item ? [item.cardId] : [])))
    const keyed = all.filter((item): item is { key: string; number: number } => 'key' in item)

    // References are to boards of the post's own team.
    const teamOf = new Map<string, string>()
    const boardByKey = new Map<string, string>()
    if (keyed.length > 0) {
      const channelIds = [...new Set(posts.map((post) => post.channelId))]
      const channels = await db.from('channels').whereIn('id', channelIds).select('id', 'team_id')
      for (const row of channels) teamOf.set(row.id, row.team_id)
      const boards = await db
        .from('boards')
        .whereIn('key', [...new Set(keyed.map((item) => item.key))])
        .whereIn('team_id', [...new Set(teamOf.values())])
        .select('id', 'team_id', 'key')
      for (const row of boards) boardByKey.set(`${row.team_id}:${row.key}`, row.id)
    }
    const numbered = new Map<string, Set<number>>()
    for (const post of posts) {
      for (const item of wanted.get(post.id)!) {
        if (!('key' in item)) continue
        const boardId = boardByKey.get(`${teamOf.get(post.channelId)}:${item.key}`)
        if (boardId) numbered.set(boardId, (numbered.get(boardId) ?? new Set()).add(item.number))
      }
    }

    const threads = await db
      .from('card_threads as t')
      .join('boards as b', 'b.id', 't.board_id')
      .where((query) => {
        if (ids.size > 0) query.orWhereIn('t.card_id', [...ids])
        for (const [boardId, numbers] of numbered) {
          query.orWhere((inner) =>
            inner.where('t.board_id', boardId).whereIn('t.number', [...numbers])
          )
        }
        if (ids.size === 0 && numbered.size === 0) query.whereRaw('1 = 0')
      })
      .select('t.card_id', 't.board_id', 't.number', 't.root_id', 'b.key', 'b.title as board_title')
      .select('b.channel_id')
    if (threads.length === 0) return new Map()

    const visible = await visibleBoards(
      viewer,
      threads.map((row) => row.board_id)
    )
    const seen = threads.filter((row) => visible.has(row.board_id))
    const cardIds = seen.map((row) => row.card_id)
    const [cards, people] =
      cardIds.length === 0
        ? [[], []]
        : await Promise.all([
            db
              .from('cards')
              .whereIn('id', cardIds)
              .select(
                'id',
                'board_id',
                'title',
                'group_value',
                'group_label',
                'group_color',
                'due_at',
                'archived',
                'checklist_done',
                'checklist_total'
              ),
            db.from('card_assignees').whereIn('card_id', cardIds).select('card_id', 'user_id'),
          ])
    // A card is its thread's only on the thread's board.
    const boardOf = new Map(seen.map((row) => [row.card_id as string, row.board_id as string]))
    const cardRows = new Map<string, CardRow>(
      cards
        .filter((row: CardRow) => row.board_id === boardOf.get(row.id))
        .map((row: CardRow) => [row.id, row])
    )
    const assignees = new Map<string, string[]>()
    for (const row of people)
      assignees.set(row.card_id, [...(assignees.get(row.card_id) ?? []), row.user_id])

    const byCard = new Map<string, Embed>()
    const byRef = new Map<string, Embed>()
    for (const row of seen) {
      const embed = cardEmbed(
        row,
        cardRows.get(row.card_id) ?? null,
        assignees.get(row.card_id) ?? []
      )
      byCard.set(row.card_id, embed)
      byRef.set(`${row.board_id}:${row.number}`, embed)
    }

    const result = new Map<string, Embed[]>()
    for (const post of posts) {
      const found: Embed[] = []
      for (const item of wanted.get(post.id)!) {
        const embed =
          'cardId' in item
            ? byCard.get(item.cardId)
            : byRef.get(
                `${boardByKey.get(`${teamOf.get(post.channelId)}:${item.key}`)}:${item.number}`
              )
        if (embed && !found.includes(embed)) found.push(embed)
      }
      if (found.length > 0) result.set(post.id, found)
    }
    return result
  },
}

/** The preview of one card; a deleted card keeps its reference and thread, and says so. */
function cardEmbed(thread: CardRow, card: CardRow | null, assignees: string[]): Embed {
  const ref = thread.key ? `${thread.key}-${thread.number}` : null
  return {
    type: 'card',
    id: thread.card_id,
    card: {
      id: thread.card_id,
      ref,
      number: Number(thread.number),
      boardId: thread.board_id,
      boardTitle: thread.board_title,
      channelId: thread.channel_id,
      threadId: thread.root_id,
      url: cardUrl(thread.board_id, thread.card_id),
      deleted: card === null,
      title: card?.title ?? null,
      column: card?.group_value
        ? { id: card.group_value, label: card.group_label ?? '', color: card.group_color ?? null }
        : null,
      assignees: card ? assignees : [],
      dueAt: card ? isoFromDb(card.due_at) : null,
      archived: card ? Boolean(card.archived) : false,
      progress: card
        ? { done: Number(card.checklist_done), total: Number(card.checklist_total) }
        : null,
    },
  }
}

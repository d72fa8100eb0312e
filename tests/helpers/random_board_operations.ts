import type * as Y from 'yjs'
import {
  BoardDocumentError,
  addField,
  addOption,
  archiveCard,
  boardJson,
  columnsOf,
  createCard,
  deleteCard,
  fieldList,
  moveCard,
  removeField,
  removeOption,
  renameOption,
  setGroupBy,
  updateCard,
  type Actor,
  type CellValue,
  type FieldJson,
} from '#boards/document/index'

type Random = () => number

/** Use for reproducible randomness: a small seeded generator (mulberry32). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PEOPLE = [
  '01a21f5f-1fb1-752f-a038-f2a209abcf95',
  '01a21f5f-1fb1-752f-a038-f2a209abcf96',
  '01a21f5f-1fb1-752f-a038-f2a209abcf97',
]
const WORDS = ['plan', 'ship', 'fix', 'review', 'draft', 'test', 'the', 'release', '🚀']

function pick<T>(random: Random, list: T[]): T | undefined {
  return list[Math.floor(random() * list.length)]
}

function subset<T>(random: Random, list: T[]): T[] {
  return list.filter(() => random() < 0.4)
}

/** A valid value for a field, or undefined for computed fields. */
function valueFor(random: Random, field: FieldJson): CellValue | undefined {
  const options = field.options?.map((option) => option.id) ?? []
  switch (field.type) {
    case 'text':
      return pick(random, ['', 'alpha', 'beta gamma'])!
    case 'number':
      return Math.floor(random() * 100)
    case 'select':
      return pick(random, [...options, null]) ?? null
    case 'multi_select':
      return subset(random, options)
    case 'person':
      return subset(random, PEOPLE)
    case 'date':
      return `2025-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 10)}`
    case 'checkbox':
      return random() < 0.5
    case 'url':
      return `https://example.com/${Math.floor(random() * 10)}`
  }
}

/** A title edited the way a person would: a word inserted or one removed. */
function editedTitle(random: Random, title: string): string {
  const words = title.split(' ').filter(Boolean)
  const at = Math.floor(random() * (words.length + 1))
  if (words.length > 1 && random() < 0.4) words.splice(at, 1)
  else words.splice(at, 0, pick(random, WORDS)!)
  return words.join(' ').slice(0, 500)
}

/**
 * Use for convergence tests: one random, valid-looking operation on `doc` (create, move,
 * edit, archive, delete cards; add, rename, remove options and fields; change the group
 * field). Refusals the document gives (a card another replica deleted) are part of the game.
 */
export function randomOperation(doc: Y.Doc, actor: Actor, random: Random) {
  const board = boardJson(doc)
  const card = pick(random, board.cards)
  const column = () => pick(random, columnsOf(doc))!.id
  const status = board.fields.find((field) => field.name === 'Status')
  const roll = random()
  try {
    if (roll < 0.25 || !card) {
      const target = column()
      const afterId =
        random() < 0.5
          ? pick(random, board.columns.find((c) => c.id === target)?.cardIds ?? [])
          : undefined
      createCard(doc, { title: editedTitle(random, ''), column: target, afterId }, actor)
    } else if (roll < 0.5) {
      const target = random() < 0.7 ? column() : undefined
      moveCard(doc, card.id, { column: target, index: Math.floor(random() * 5) }, actor)
    } else if (roll < 0.6) {
      updateCard(doc, card.id, { title: editedTitle(random, card.title) }, actor)
    } else if (roll < 0.72) {
      const field = pick(random, fieldList(doc))
      const value = field && valueFor(random, field)
      if (field && value !== undefined)
        updateCard(doc, card.id, { values: { [field.id]: value } }, actor)
    } else if (roll < 0.78) {
      archiveCard(doc, card.id, !card.archived, actor)
    } else if (roll < 0.83) {
      deleteCard(doc, card.id)
    } else if (roll < 0.88 && status) {
      addOption(doc, status.id, { label: pick(random, WORDS)! })
    } else if (roll < 0.91 && status?.options?.length) {
      removeOption(doc, status.id, pick(random, status.options)!.id)
    } else if (roll < 0.94 && status?.options?.length) {
      renameOption(doc, status.id, pick(random, status.options)!.id, pick(random, WORDS)!)
    } else if (roll < 0.96) {
      addField(doc, { name: 'Extra', type: pick(random, ['text', 'number', 'select'] as const)! })
    } else if (roll < 0.98) {
      const extra = board.fields.filter((field) => field.name === 'Extra')
      if (extra.length) removeField(doc, pick(random, extra)!.id)
    } else {
      const selects = board.fields.filter((field) => field.type === 'select')
      setGroupBy(doc, pick(random, selects)?.id ?? null)
    }
  } catch (error) {
    if (!(error instanceof BoardDocumentError)) throw error
  }
}

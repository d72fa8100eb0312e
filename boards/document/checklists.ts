import * as Y from 'yjs'
import { v7 as uuidv7 } from 'uuid'
import { BoardDocumentError } from './errors.js'
import { indexFor, placeAt, type Placement } from './positions.js'
import { requireCard, type Actor } from './schema.js'
import { byPosition, readString, transact, type YMap } from './maps.js'
import { LIMITS, validateString } from './values.js'

/** One checklist item as plain JSON, in the card's `checklist`. */
export interface ChecklistItemJson {
  id: string
  text: string
  done: boolean
}

/** How far a card's checklist is: items done out of all items. */
export interface ChecklistProgress {
  done: number
  total: number
}

export interface AddChecklistItemInput extends Placement {
  text: string
}

export interface UpdateChecklistItemInput {
  text?: string
  done?: boolean
}

type Entry = { id: string; position: string; map: YMap }

/** A card's checklist items with their maps, in (position, id) order. */
function entriesOf(card: YMap): Entry[] {
  const checklist = card.get('checklist')
  if (!(checklist instanceof Y.Map)) return []
  const entries: Entry[] = []
  for (const [id, item] of checklist.entries()) {
    if (item instanceof Y.Map)
      entries.push({ id, position: readString(item, 'position'), map: item })
  }
  return entries.sort(byPosition)
}

/** A card's checklist as plain JSON, in order: what `readCard` puts on every card. */
export function readChecklist(card: YMap): ChecklistItemJson[] {
  return entriesOf(card).map(({ id, map }) => ({
    id,
    text: readString(map, 'text'),
    done: map.get('done') === true,
  }))
}

/** Items done out of all items of a checklist. */
export function progressOf(checklist: ChecklistItemJson[]): ChecklistProgress {
  return { done: checklist.filter((item) => item.done).length, total: checklist.length }
}

/**
 * The card's checklist map, made when the card has none. New cards get theirs when they are
 * made, so concurrent first items on two replicas land in the same map instead of two maps
 * under one key (of which only one would survive).
 */
function checklistOf(card: YMap): Y.Map<YMap> {
  const checklist = card.get('checklist')
  if (checklist instanceof Y.Map) return checklist as Y.Map<YMap>
  const created = new Y.Map<YMap>()
  card.set('checklist', created)
  return created
}

function requireItem(card: YMap, itemId: string): Entry {
  const entry = entriesOf(card).find((candidate) => candidate.id === itemId)
  if (!entry) throw BoardDocumentError.notFound('itemId', 'Checklist item')
  return entry
}

/** The index a placement asks for among `list`; a neighbour it names must be an item there. */
function indexAmong(list: Entry[], placement: Placement): number {
  for (const input of ['afterId', 'beforeId'] as const) {
    const id = placement[input]
    if (id !== undefined && !list.some((entry) => entry.id === id)) {
      throw new BoardDocumentError(input, 'not_in_checklist', 'No such item in the checklist')
    }
  }
  return indexFor(list, placement)
}

function writePositions(checklist: Y.Map<YMap>, positions: Map<string, string>) {
  for (const [id, position] of positions) checklist.get(id)?.set('position', position)
}

function touch(card: YMap, actor: Actor) {
  card.set('updatedAt', new Date().toISOString())
  card.set('updatedBy', actor.userId)
}

const originOf = (actor: Actor) => (actor.origin === undefined ? actor : actor.origin)
const checkText = (text: unknown) => validateString('text', text, LIMITS.checklistText, true)

/** Adds an item to a card's checklist (last unless placed) and returns its id. */
export function addChecklistItem(
  doc: Y.Doc,
  cardId: string,
  input: AddChecklistItemInput,
  actor: Actor
): string {
  const card = requireCard(doc, cardId)
  const list = entriesOf(card)
  if (list.length >= LIMITS.checklistItems) {
    throw new BoardDocumentError(
      'checklist',
      'too_many',
      `At most ${LIMITS.checklistItems} checklist items`
    )
  }
  const text = checkText(input.text)
  const id = uuidv7()
  const positions = placeAt(list, indexAmong(list, input), id)
  transact(doc, originOf(actor), () => {
    const checklist = checklistOf(card)
    const item = new Y.Map<unknown>()
    item.set('text', text)
    item.set('done', false)
    checklist.set(id, item)
    writePositions(checklist, positions)
    touch(card, actor)
  })
  return id
}

/** Changes an item's text or ticks it; each is its own key, so both merge with the other. */
export function updateChecklistItem(
  doc: Y.Doc,
  cardId: string,
  itemId: string,
  input: UpdateChecklistItemInput,
  actor: Actor
) {
  const card = requireCard(doc, cardId)
  const { map } = requireItem(card, itemId)
  const text = input.text === undefined ? undefined : checkText(input.text)
  if (input.done !== undefined && typeof input.done !== 'boolean') {
    throw new BoardDocumentError('done', 'invalid_type', 'Must be true or false')
  }
  transact(doc, originOf(actor), () => {
    if (text !== undefined && text !== map.get('text')) map.set('text', text)
    if (input.done !== undefined && input.done !== map.get('done')) map.set('done', input.done)
    touch(card, actor)
  })
}

/** Moves an item after or before another, or to an index; it writes the moved item's key. */
export function moveChecklistItem(
  doc: Y.Doc,
  cardId: string,
  itemId: string,
  placement: Placement,
  actor: Actor
) {
  const card = requireCard(doc, cardId)
  requireItem(card, itemId)
  const list = entriesOf(card).filter((entry) => entry.id !== itemId)
  const positions = placeAt(list, indexAmong(list, placement), itemId)
  transact(doc, originOf(actor), () => {
    writePositions(checklistOf(card), positions)
    touch(card, actor)
  })
}

/** Removes an item from a card's checklist. */
export function removeChecklistItem(doc: Y.Doc, cardId: string, itemId: string, actor: Actor) {
  const card = requireCard(doc, cardId)
  requireItem(card, itemId)
  transact(doc, originOf(actor), () => {
    checklistOf(card).delete(itemId)
    touch(card, actor)
  })
}

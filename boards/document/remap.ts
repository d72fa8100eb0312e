import * as Y from 'yjs'
import { cardsOf, fieldList } from './schema.js'
import { transact, type YMap } from './maps.js'

const AUTHORS = ['createdBy', 'updatedBy'] as const

/** The ids of the person fields of a board. */
function personFields(doc: Y.Doc) {
  return fieldList(doc)
    .filter((field) => field.type === 'person')
    .map((field) => field.id)
}

function cardEntries(doc: Y.Doc) {
  return [...cardsOf(doc).entries()].filter((entry): entry is [string, YMap] => {
    return entry[1] instanceof Y.Map
  })
}

function peopleIn(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : []
}

/** Everyone a board document names: the people of its person fields and its cards' authors. */
export function peopleOf(doc: Y.Doc): Set<string> {
  const fields = personFields(doc)
  const people = new Set<string>()
  for (const [, card] of cardEntries(doc)) {
    for (const key of AUTHORS) {
      const author = card.get(key)
      if (typeof author === 'string' && author) people.add(author)
    }
    const values = card.get('values')
    if (!(values instanceof Y.Map)) continue
    for (const field of fields) for (const id of peopleIn(values.get(field))) people.add(id)
  }
  return people
}

/**
 * For a board moving to a server where its people have other ids: every person value and author
 * `id` becomes `people.get(id)`. A person value naming no one there is dropped, so no card keeps
 * an id that is nobody's; an author with no one there stays as it was written. Answers, for each
 * dropped id, the cards that lost it.
 */
export function remapPeople(doc: Y.Doc, people: Map<string, string>, origin?: unknown) {
  const fields = personFields(doc)
  const dropped = new Map<string, string[]>()
  transact(doc, origin, () => {
    for (const [cardId, card] of cardEntries(doc)) {
      for (const key of AUTHORS) {
        const mapped = people.get(card.get(key) as string)
        if (mapped && mapped !== card.get(key)) card.set(key, mapped)
      }
      const values = card.get('values')
      if (!(values instanceof Y.Map)) continue
      for (const field of fields) {
        const raw = values.get(field)
        if (raw === undefined) continue
        const ids = peopleIn(raw)
        for (const id of ids.filter((entry) => !people.has(entry))) {
          dropped.set(id, [...(dropped.get(id) ?? []), cardId])
        }
        const kept = [...new Set(ids.flatMap((id) => people.get(id) ?? []))]
        const same =
          Array.isArray(raw) &&
          kept.length === raw.length &&
          kept.every((id, index) => id === raw[index])
        if (same) continue
        if (kept.length === 0) values.delete(field)
        else values.set(field, kept)
      }
    }
  })
  return dropped
}

/**
 * Moves cards to new keys, `ids` old → new, their content copied as it is (a board imported where
 * its card ids are already taken). Other keys are left alone.
 */
export function rekeyCards(doc: Y.Doc, ids: Map<string, string>, origin?: unknown) {
  const cards = cardsOf(doc)
  transact(doc, origin, () => {
    for (const [from, to] of ids) {
      const card = cards.get(from)
      if (!(card instanceof Y.Map)) continue
      const copy = card.clone()
      cards.delete(from)
      cards.set(to, copy)
    }
  })
}

import { test } from '@japa/runner'
import * as Y from 'yjs'
import { v7 as uuidv7 } from 'uuid'
import { addChecklistItem, cardsOf, createCard, updateChecklistItem } from '#boards/document/index'
import { inspectUpdate, UpdateRejected } from '#boards/services/update_guard'
import { replicas, someone, sync, thrownBy } from '#tests/helpers/board_docs'

const LIMITS = { maxStructsPerUpdate: 3000 }

/** Use for what a socket would send: the update one change on the client's replica makes. */
function updateOf(doc: Y.Doc, change: () => void) {
  let update: Uint8Array | null = null
  const keep = (bytes: Uint8Array) => (update = bytes)
  doc.on('update', keep)
  change()
  doc.off('update', keep)
  if (!update) throw new Error('the change made no update')
  return update as Uint8Array
}

/** A server copy and a client replica sharing one card of the client's user. */
function setUp() {
  const [server, client] = replicas(2)
  const actor = someone()
  const card = createCard(client, { title: 'Release' }, actor)
  sync(server, client)
  return { server, client, actor, card }
}

test.group('Board sync guard: checklists', () => {
  test('a socket may add, tick and rename checklist items of a card', ({ assert }) => {
    const { server, client, actor, card } = setUp()
    const added = updateOf(client, () => addChecklistItem(client, card, { text: 'Build' }, actor))
    assert.isTrue(inspectUpdate(server, added, actor.userId, LIMITS).cards.has(card))
    Y.applyUpdate(server, added)
    const item = [...(cardsOf(client).get(card)!.get('checklist') as Y.Map<unknown>).keys()][0]
    const ticked = updateOf(client, () =>
      updateChecklistItem(client, card, item, { text: 'Build it', done: true }, actor)
    )
    assert.doesNotThrow(() => inspectUpdate(server, ticked, actor.userId, LIMITS))
  })

  test('checklist items outside the schema are refused', ({ assert }) => {
    const item = (entries: Record<string, unknown>) => {
      const map = new Y.Map<unknown>()
      for (const [key, value] of Object.entries(entries)) map.set(key, value)
      return map
    }
    type Card = Y.Map<unknown>
    const list = (card: Card) => card.get('checklist') as Y.Map<unknown>
    const hostile: Array<[string, (card: Card) => void]> = [
      ['an item under a key that is no UUID', (card) => list(card).set('first', item({}))],
      ['an item that is not a map', (card) => list(card).set(uuidv7(), 'Build')],
      ['empty text', (card) => list(card).set(uuidv7(), item({ text: ' ' }))],
      ['text too long', (card) => list(card).set(uuidv7(), item({ text: 'x'.repeat(501) }))],
      ['done that is no boolean', (card) => list(card).set(uuidv7(), item({ done: 'yes' }))],
      ['a position that is no key', (card) => list(card).set(uuidv7(), item({ position: '~' }))],
      ['a key items do not have', (card) => list(card).set(uuidv7(), item({ colour: 'red' }))],
      ['a checklist that is no map', (card) => card.set('checklist', [])],
    ]
    for (const [what, change] of hostile) {
      const { server, client, actor, card } = setUp()
      const update = updateOf(client, () => change(cardsOf(client).get(card)!))
      const error = thrownBy(() => inspectUpdate(server, update, actor.userId, LIMITS))
      assert.instanceOf(error, UpdateRejected, what)
      assert.equal((error as UpdateRejected).reason, 'invalid', what)
    }
  })
})

import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import * as Y from 'yjs'
import {
  boardJson,
  cardJson,
  cardsInColumn,
  createCard,
  deleteCard,
  moveCard,
  updateCard,
  type BoardJson,
} from '#boards/document/index'
import { fieldNamed, optionId, replicas, someone, sync, thrownBy } from '#tests/helpers/board_docs'
import { randomOperation, seededRandom } from '#tests/helpers/random_board_operations'

const ids = (doc: Y.Doc, column: string | null) => cardsInColumn(doc, column).map((card) => card.id)

/** Every open card sits in exactly one column, and each column is in (position, id) order. */
function assertWellFormed(assert: Assert, board: BoardJson) {
  const open = board.cards.filter((card) => !card.archived).map((card) => card.id)
  const placed = board.columns.flatMap((column) => column.cardIds)
  assert.sameMembers(placed, open)
  assert.lengthOf(placed, new Set(placed).size)
  const order = new Map(board.cards.map((card, index) => [card.id, index]))
  for (const column of board.columns) {
    const indexes = column.cardIds.map((id) => order.get(id)!)
    assert.deepEqual(
      indexes,
      [...indexes].sort((a, b) => a - b)
    )
  }
}

test.group('Board document: replicas converge', () => {
  test('concurrent moves of one card to different columns settle on one column everywhere', ({
    assert,
  }) => {
    const docs = replicas(3)
    const [a, b, c] = docs
    const [todo, doing, done] = ['To do', 'In progress', 'Done'].map((label) =>
      optionId(a, 'Status', label)
    )
    const card = createCard(a, { title: 'Contested', column: todo }, someone())
    createCard(a, { title: 'Other', column: todo }, someone())
    sync(...docs)

    moveCard(a, card, { column: doing }, someone())
    moveCard(b, card, { column: done, index: 0 }, someone())
    moveCard(c, card, { index: 1 }, someone())
    sync(...docs)

    const boards = docs.map(boardJson)
    assert.deepEqual(boards[1], boards[0])
    assert.deepEqual(boards[2], boards[0])
    const holding = boards[0].columns.filter((column) => column.cardIds.includes(card))
    assert.lengthOf(holding, 1)
    for (const doc of docs) assertWellFormed(assert, boardJson(doc))
  })

  test('two cards inserted at the same spot concurrently are ordered the same everywhere', ({
    assert,
  }) => {
    const docs = replicas(2)
    const [a, b] = docs
    const todo = optionId(a, 'Status', 'To do')
    const first = createCard(a, { title: 'First', column: todo }, someone())
    const last = createCard(a, { title: 'Last', column: todo }, someone())
    sync(...docs)

    const fromA = createCard(a, { title: 'From A', column: todo, afterId: first }, someone())
    const fromB = createCard(b, { title: 'From B', column: todo, afterId: first }, someone())
    sync(...docs)

    assert.equal(cardJson(a, fromA).position, cardJson(a, fromB).position)
    const [lower, upper] = [fromA, fromB].sort()
    assert.deepEqual(ids(a, todo), [first, lower, upper, last])
    assert.deepEqual(ids(b, todo), ids(a, todo))

    moveCard(a, last, { afterId: lower }, someone())
    sync(...docs)
    assert.deepEqual(ids(a, todo), [first, lower, last, upper])
    assert.deepEqual(ids(b, todo), ids(a, todo))
    const positions = cardsInColumn(a, todo).map((card) => card.position)
    assert.deepEqual(positions, [...new Set(positions)].sort())
  })

  test('concurrent edits of one title merge into the same text everywhere', ({ assert }) => {
    const docs = replicas(2)
    const [a, b] = docs
    const card = createCard(a, { title: 'Write the release notes' }, someone())
    sync(...docs)

    updateCard(a, card, { title: 'Write the release notes for 1.2' }, someone())
    updateCard(b, card, { title: 'Draft the release notes' }, someone())
    sync(...docs)

    assert.equal(cardJson(a, card).title, 'Draft the release notes for 1.2')
    assert.equal(cardJson(b, card).title, cardJson(a, card).title)
  })

  test('a card deleted on one replica while edited on another is gone everywhere', ({ assert }) => {
    const docs = replicas(2)
    const [a, b] = docs
    const priority = fieldNamed(a, 'Priority')
    const card = createCard(
      a,
      { title: 'Doomed', column: optionId(a, 'Status', 'To do') },
      someone()
    )
    sync(...docs)

    deleteCard(a, card)
    updateCard(
      b,
      card,
      { title: 'Saved?', values: { [priority.id]: priority.options![0].id } },
      someone()
    )
    moveCard(b, card, { column: optionId(b, 'Status', 'Done') }, someone())
    sync(...docs)

    for (const doc of docs) {
      assert.lengthOf(boardJson(doc).cards, 0)
      assert.include(
        thrownBy(() => cardJson(doc, card)),
        { code: 'not_found' }
      )
    }
    assert.deepEqual(boardJson(b), boardJson(a))
  })

  test('changes reach a live-linked replica at once, tagged with the origin the caller gave', ({
    assert,
  }) => {
    const [a, b] = replicas(2)
    const origins: unknown[] = []
    a.on('update', (update: Uint8Array, origin: unknown) => {
      origins.push(origin)
      Y.applyUpdate(b, update, 'from-a')
    })
    const connection = { socket: 1 }
    const actor = { ...someone(), origin: connection }

    const card = createCard(a, { title: 'Live', column: optionId(a, 'Status', 'Done') }, actor)
    moveCard(a, card, { column: null }, actor)
    deleteCard(a, card, connection)
    const plain = someone()
    createCard(a, { title: 'Plain' }, plain)

    assert.deepEqual(origins, [connection, connection, connection, plain])
    assert.deepEqual(boardJson(b), boardJson(a))
  })

  test('200 random operations on three replicas with random syncs end identical', ({ assert }) => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed)
      const docs = replicas(3)
      const actors = docs.map(() => someone())
      for (let step = 0; step < 200; step++) {
        const at = Math.floor(random() * docs.length)
        randomOperation(docs[at], actors[at], random)
        if (random() < 0.2) {
          const from = docs[Math.floor(random() * docs.length)]
          const to = docs[Math.floor(random() * docs.length)]
          Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
        }
      }
      sync(...docs)

      const boards = docs.map(boardJson)
      assert.deepEqual(boards[1], boards[0], `seed ${seed}`)
      assert.deepEqual(boards[2], boards[0], `seed ${seed}`)
      assert.isAbove(boards[0].cards.length, 0, `seed ${seed}`)
      assertWellFormed(assert, boards[0])
    }
  })
})

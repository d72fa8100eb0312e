import { test } from '@japa/runner'
import * as Y from 'yjs'
import {
  addField,
  applyTemplate,
  columnsOf,
  createCard,
  fieldList,
  groupField,
  moveCard,
  removeOption,
  updateCard,
} from '../../../boards/document/index.js'
import {
  BoardReader,
  findCard,
  keyboardTarget,
  placementAt,
  previewHeld,
  readBoard,
  type BoardModel,
} from '../../../resources/boards/readModel.js'
import { dueLabel } from '../../../resources/boards/cardFront.js'

const ana = { userId: '01a22008-bddd-75db-83fb-60f2a436d237' }
const bob = { userId: '01a22008-bde1-709c-92c1-083e453d337d' }

/** A project_tasks board with cards by column label. */
function board(cards: Record<string, string[]>) {
  const doc = new Y.Doc()
  applyTemplate(doc, 'project_tasks')
  const columns = columnsOf(doc)
  const ids: Record<string, string> = {}
  for (const [label, titles] of Object.entries(cards)) {
    const column = columns.find((entry) => entry.label === label)!.id
    for (const title of titles) ids[title] = createCard(doc, { title, column }, ana)
  }
  return { doc, ids, column: (label: string) => columns.find((c) => c.label === label)!.id }
}

const titles = (model: BoardModel) =>
  Object.fromEntries(model.columns.map((c) => [c.label, c.cards.map((card) => card.title)]))

/** Two replicas exchanging every update, as the sync socket would. */
function linked(doc: Y.Doc) {
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  return other
}

test.group('Board read model', () => {
  test('columns are "no value" then the group options, cards in (position, id) order', ({
    assert,
  }) => {
    const { doc } = board({ 'To do': ['A', 'B'], 'Done': ['C'] })
    const model = readBoard(doc)
    assert.deepEqual(titles(model), {
      'No Status': [],
      'To do': ['A', 'B'],
      'In progress': [],
      'Done': ['C'],
    })
    assert.equal(model.cardCount, 3)
    assert.equal(model.groupField?.name, 'Status')
  })

  test('card fronts carry the assignees and the due date from their fields', ({ assert }) => {
    const { doc, ids } = board({ 'To do': ['A'] })
    const fields = fieldList(doc)
    const assignee = fields.find((field) => field.name === 'Assignee')!
    const due = fields.find((field) => field.name === 'Due date')!
    updateCard(doc, ids.A, { values: { [assignee.id]: [bob.userId], [due.id]: '2026-12-01' } }, ana)
    const [front] = readBoard(doc).columns[1].cards
    assert.deepEqual(front.assignees, [bob.userId])
    assert.equal(front.due, '2026-12-01')
  })

  test('the incremental reader matches a fresh read after moves, edits, new fields and removed options', ({
    assert,
  }) => {
    const { doc, ids, column } = board({ 'To do': ['A', 'B', 'C'], 'In progress': ['D'] })
    const reader = new BoardReader(doc)
    doc.getMap('cards').observeDeep((events) => reader.changed(events))
    for (const name of ['fields', 'meta', 'views'])
      doc.getMap(name).observeDeep(() => reader.invalidate())
    reader.model()

    moveCard(doc, ids.A, { column: column('Done') }, ana)
    updateCard(doc, ids.B, { title: 'B, renamed' }, ana)
    assert.deepEqual(titles(reader.model()), titles(readBoard(doc)))

    addField(doc, { name: 'Estimate', type: 'number' })
    removeOption(doc, groupField(doc)!.id, column('In progress')!)
    assert.deepEqual(titles(reader.model()), titles(readBoard(doc)))
    assert.deepEqual(titles(reader.model())['No Status'], ['D'])

    // A change from another replica arrives as one update.
    const other = linked(doc)
    createCard(other, { title: 'E', column: column('To do') }, bob)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
    assert.deepEqual(titles(reader.model()), titles(readBoard(doc)))
  })

  test('a drop becomes a place between neighbours, and two replicas moving one card agree', ({
    assert,
  }) => {
    const { doc, ids, column } = board({ 'To do': ['A', 'B', 'C'] })
    const order = ['A', 'B', 'C'].map((title) => ids[title])
    assert.deepEqual(placementAt(order, ids.A, 2), { afterId: ids.C })
    assert.deepEqual(placementAt(order, ids.C, 0), { beforeId: ids.A })
    assert.deepEqual(placementAt(order, ids.B, 1), { afterId: ids.A })
    assert.deepEqual(placementAt([], ids.B, 3), { index: 0 })

    const other = linked(doc)
    moveCard(doc, ids.A, { column: column('Done') }, ana)
    moveCard(other, ids.A, { column: column('In progress'), ...placementAt([], ids.A, 0) }, bob)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    assert.deepEqual(titles(readBoard(doc)), titles(readBoard(other)))
    const holding = readBoard(doc).columns.filter((c) => c.cards.some((card) => card.id === ids.A))
    assert.lengthOf(holding, 1)
  })
})

test.group('Board keyboard moves', () => {
  const columns = [{ cards: [{ id: 'a' }, { id: 'b' }] }, { cards: [{ id: 'c' }] }, { cards: [] }]

  test('arrows move within a column and across columns, and stop at the edges', ({ assert }) => {
    const held = { cardId: 'a', column: 0, index: 0 }
    assert.deepEqual(keyboardTarget(columns, held, 'ArrowUp'), held)
    assert.deepEqual(keyboardTarget(columns, held, 'ArrowDown'), { ...held, index: 1 })
    // The held card is not counted: below "b" is the end of its column.
    assert.deepEqual(keyboardTarget(columns, { ...held, index: 1 }, 'ArrowDown'), {
      ...held,
      index: 1,
    })
    assert.deepEqual(keyboardTarget(columns, held, 'ArrowLeft'), held)
    assert.deepEqual(keyboardTarget(columns, { ...held, index: 1 }, 'ArrowRight'), {
      cardId: 'a',
      column: 1,
      index: 1,
    })
    assert.deepEqual(keyboardTarget(columns, { cardId: 'a', column: 1, index: 1 }, 'ArrowRight'), {
      cardId: 'a',
      column: 2,
      index: 0,
    })
    assert.deepEqual(keyboardTarget(columns, { cardId: 'a', column: 2, index: 0 }, 'ArrowRight'), {
      cardId: 'a',
      column: 2,
      index: 0,
    })
    assert.deepEqual(keyboardTarget(columns, { cardId: 'c', column: 0, index: 0 }, 'End'), {
      cardId: 'c',
      column: 0,
      index: 2,
    })
  })

  test('the preview shows the held card where it would land, and nothing else moves', ({
    assert,
  }) => {
    const model = readBoard(board({ 'To do': ['A', 'B'], 'Done': ['C'] }).doc)
    const held = findCard(model.columns, model.columns[1].cards[0].id)!
    assert.deepEqual(held, { cardId: model.columns[1].cards[0].id, column: 1, index: 0 })
    const moved = previewHeld(model.columns, { ...held, column: 3, index: 1 })
    assert.deepEqual(
      moved.map((c) => c.cards.map((card) => card.title)),
      [[], ['B'], [], ['C', 'A']]
    )
    assert.strictEqual(previewHeld(model.columns, null), model.columns)
  })
})

test.group('Card due dates', () => {
  const now = new Date(2026, 11, 7, 15, 0)

  test('a day is overdue once it is over, a date-time once it has passed', ({ assert }) => {
    assert.isFalse(dueLabel('2026-12-07', now).overdue)
    assert.isTrue(dueLabel('2026-12-06', now).overdue)
    assert.isTrue(dueLabel(new Date(2026, 11, 7, 14, 0).toISOString(), now).overdue)
    assert.isFalse(dueLabel(new Date(2026, 11, 7, 16, 0).toISOString(), now).overdue)
  })

  test('another year shows the year', ({ assert }) => {
    assert.notInclude(dueLabel('2026-03-10', now).label, '2026')
    assert.include(dueLabel('2027-03-10', now).label, '2027')
  })
})

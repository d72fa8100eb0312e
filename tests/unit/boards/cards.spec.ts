import { test } from '@japa/runner'
import type * as Y from 'yjs'
import {
  addField,
  archiveCard,
  boardJson,
  cardJson,
  cardProjection,
  cardsInColumn,
  createCard,
  deleteCard,
  moveCard,
  removeField,
  updateCard,
} from '#boards/document/index'
import { boardDoc, fieldNamed, optionId, someone, thrownBy } from '#tests/helpers/board_docs'

const titles = (doc: Y.Doc, column: string | null) =>
  cardsInColumn(doc, column).map((card) => card.title)

test.group('Board document: cards', () => {
  test('cards go last in their column unless placed after or before a card', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const todo = optionId(doc, 'Status', 'To do')
    const a = createCard(doc, { title: 'A', column: todo }, actor)
    createCard(doc, { title: 'C', column: todo }, actor)
    createCard(doc, { title: 'B', column: todo, afterId: a }, actor)
    createCard(doc, { title: 'First', column: todo, beforeId: a }, actor)
    createCard(doc, { title: 'Loose' }, actor)

    assert.deepEqual(titles(doc, todo), ['First', 'A', 'B', 'C'])
    assert.deepEqual(titles(doc, null), ['Loose'])
    const positions = cardsInColumn(doc, todo).map((card) => card.position)
    assert.deepEqual(positions, [...positions].sort())
  })

  test('moving a card changes its column and place in one transaction', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const [todo, doing] = ['To do', 'In progress'].map((label) => optionId(doc, 'Status', label))
    const a = createCard(doc, { title: 'A', column: todo }, actor)
    const b = createCard(doc, { title: 'B', column: doing }, actor)
    createCard(doc, { title: 'C', column: doing }, actor)
    let updates = 0
    doc.on('update', () => updates++)

    moveCard(doc, a, { column: doing, afterId: b }, actor)
    assert.equal(updates, 1)
    assert.deepEqual(titles(doc, doing), ['B', 'A', 'C'])
    assert.deepEqual(titles(doc, todo), [])

    moveCard(doc, a, { index: 0 }, actor)
    assert.deepEqual(titles(doc, doing), ['A', 'B', 'C'])
    moveCard(doc, a, { column: null }, actor)
    assert.deepEqual(titles(doc, null), ['A'])
    assert.include(
      thrownBy(() => moveCard(doc, a, { column: 'nope' }, actor)),
      {
        field: 'column',
        code: 'unknown_option',
      }
    )
    assert.include(
      thrownBy(() => moveCard(doc, b, { column: todo, afterId: a }, actor)),
      {
        field: 'afterId',
        code: 'not_in_column',
      }
    )
  })

  test('archived cards leave the columns and come back to their place', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const todo = optionId(doc, 'Status', 'To do')
    const ids = ['A', 'B', 'C'].map((title) => createCard(doc, { title, column: todo }, actor))
    archiveCard(doc, ids[1], true, actor)
    assert.deepEqual(titles(doc, todo), ['A', 'C'])
    assert.isTrue(cardJson(doc, ids[1]).archived)
    archiveCard(doc, ids[1], false, actor)
    assert.deepEqual(titles(doc, todo), ['A', 'B', 'C'])
  })

  test('a card that does not exist is not_found', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const id = createCard(doc, { title: 'A' }, actor)
    deleteCard(doc, id)
    for (const run of [
      () => cardJson(doc, id),
      () => updateCard(doc, id, { title: 'B' }, actor),
      () => moveCard(doc, id, { index: 0 }, actor),
      () => deleteCard(doc, id),
    ]) {
      assert.include(thrownBy(run), { code: 'not_found', field: 'cardId' })
    }
  })

  test('boardJson gives fields, views, columns with their cards, and every card', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const todo = optionId(doc, 'Status', 'To do')
    const due = fieldNamed(doc, 'Due date').id
    const a = createCard(doc, { title: 'A', column: todo, values: { [due]: '2025-06-01' } }, actor)
    const b = createCard(doc, { title: 'B', description: 'Notes' }, actor)
    const c = createCard(doc, { title: 'C', column: todo }, actor)
    archiveCard(doc, c, true, actor)

    const board = boardJson(doc)
    assert.equal(board.schemaVersion, 1)
    assert.equal(board.groupBy, fieldNamed(doc, 'Status').id)
    assert.deepEqual(
      board.fields.map((field) => [field.name, field.type]),
      [
        ['Status', 'select'],
        ['Assignee', 'person'],
        ['Due date', 'date'],
        ['Priority', 'select'],
      ]
    )
    assert.deepEqual(
      board.columns.map((column) => [column.label, column.cardIds]),
      [
        ['No Status', [b]],
        ['To do', [a]],
        ['In progress', []],
        ['Done', []],
      ]
    )
    assert.deepEqual(board.cards.map((card) => card.id).sort(), [a, b, c].sort())
    const card = board.cards.find((entry) => entry.id === a)!
    assert.containsSubset(card, { title: 'A', description: '', archived: false })
    assert.deepEqual(
      Object.keys(card.values),
      board.fields.map((field) => field.id)
    )
    assert.equal(card.values[due], '2025-06-01')
    assert.equal(card.createdBy, actor.userId)
    assert.deepEqual(JSON.parse(JSON.stringify(board)), board)
  })

  test('a title change replaces only what differs, so the rest of the text keeps its history', ({
    assert,
  }) => {
    const doc = boardDoc()
    const actor = someone()
    const id = createCard(doc, { title: 'Ship 🚀 now' }, actor)
    updateCard(doc, id, { title: 'Ship 🛸 now', description: 'Why' }, actor)
    assert.equal(cardJson(doc, id).title, 'Ship 🛸 now')
    assert.equal(cardJson(doc, id).description, 'Why')
  })
})

test.group('Board document: SQL projection', () => {
  test('the projection takes assignees from a field named Assignee(s), else the first person field', ({
    assert,
  }) => {
    const doc = boardDoc('bug_triage')
    const actor = someone()
    const reporter = fieldNamed(doc, 'Reported by').id
    const assignee = fieldNamed(doc, 'Assignee').id
    const [ann, bob] = [someone().userId, someone().userId]
    const id = createCard(
      doc,
      {
        title: 'Crash',
        column: optionId(doc, 'Status', 'Triaged'),
        values: { [reporter]: [bob], [assignee]: [ann, bob] },
      },
      actor
    )
    const projection = cardProjection(doc, id)
    assert.deepEqual(projection.assignees, [ann, bob])
    assert.equal(projection.groupValue, optionId(doc, 'Status', 'Triaged'))
    assert.isNull(projection.dueAt)

    removeField(doc, assignee)
    assert.deepEqual(cardProjection(doc, id).assignees, [bob])
  })

  test('the due date is the date field named Due date or Due, else the first date field', ({
    assert,
  }) => {
    const doc = boardDoc('empty')
    const actor = someone()
    const start = addField(doc, { name: 'Start', type: 'date' })
    const due = addField(doc, { name: 'due', type: 'date' })
    const id = createCard(doc, { title: 'A', values: { [start]: '2025-01-01' } }, actor)
    assert.isNull(cardProjection(doc, id).dueAt)
    updateCard(doc, id, { values: { [due]: '2025-02-01T09:00:00Z' } }, actor)
    assert.equal(cardProjection(doc, id).dueAt, '2025-02-01T09:00:00.000Z')
    removeField(doc, due)
    assert.equal(cardProjection(doc, id).dueAt, '2025-01-01')
  })

  test('the projection has exactly the columns the cards table needs', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const id = createCard(doc, { title: 'A' }, actor)
    const projection = cardProjection(doc, id)
    assert.sameMembers(Object.keys(projection), [
      'id',
      'title',
      'description',
      'groupValue',
      'groupLabel',
      'groupColor',
      'assignees',
      'dueAt',
      'archived',
      'position',
      'checklistDone',
      'checklistTotal',
      'createdAt',
      'createdBy',
      'updatedAt',
      'updatedBy',
      'values',
    ])
    assert.containsSubset(projection, {
      id,
      title: 'A',
      description: '',
      groupValue: null,
      groupLabel: null,
      groupColor: null,
      assignees: [],
      archived: false,
      checklistDone: 0,
      checklistTotal: 0,
      createdBy: actor.userId,
    })
  })
})

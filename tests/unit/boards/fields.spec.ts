import { test } from '@japa/runner'
import type * as Y from 'yjs'
import {
  addField,
  addOption,
  addView,
  boardJson,
  cardJson,
  cardsInColumn,
  columnsOf,
  createCard,
  fieldList,
  removeField,
  removeOption,
  renameField,
  renameOption,
  setGroupBy,
  setOptionColor,
  updateView,
} from '#boards/document/index'
import { boardDoc, fieldNamed, optionId, someone, thrownBy } from '#tests/helpers/board_docs'

const titles = (doc: Y.Doc, column: string | null) =>
  cardsInColumn(doc, column).map((card) => card.title)

test.group('Board document: fields, options and views', () => {
  test('fields keep their order and options their ids through renames', ({ assert }) => {
    const doc = boardDoc('empty')
    const status = fieldNamed(doc, 'Status').id
    const done = optionId(doc, 'Status', 'Done')
    const card = createCard(doc, { title: 'A', column: done }, someone())
    const notes = addField(doc, { name: 'Notes', type: 'text' })
    const size = addField(doc, { name: 'Size', type: 'number' })

    renameField(doc, notes, 'Comments')
    renameOption(doc, status, done, 'Shipped')
    setOptionColor(doc, status, done, 'purple')
    const review = addOption(doc, status, { label: 'Review' })

    assert.deepEqual(
      fieldList(doc).map((field) => [field.id, field.name]),
      [
        [status, 'Status'],
        [notes, 'Comments'],
        [size, 'Size'],
      ]
    )
    assert.deepEqual(columnsOf(doc).slice(-2), [
      { id: done, label: 'Shipped', color: 'purple' },
      { id: review, label: 'Review', color: 'yellow' },
    ])
    assert.equal(cardJson(doc, card).values[status], done)
  })

  test('names, colours, types and ids are checked before anything is written', ({ assert }) => {
    const doc = boardDoc()
    const status = fieldNamed(doc, 'Status').id
    const due = fieldNamed(doc, 'Due date').id
    const refusals: Array<[() => unknown, Record<string, string>]> = [
      [() => addField(doc, { name: ' ', type: 'text' }), { field: 'name', code: 'required' }],
      [() => addField(doc, { name: 'X', type: 'money' as 'text' }), { code: 'invalid_type' }],
      [() => renameField(doc, 'nope', 'X'), { field: 'fieldId', code: 'not_found' }],
      [() => addOption(doc, due, { label: 'X' }), { field: 'fieldId', code: 'invalid_type' }],
      [() => renameOption(doc, status, 'nope', 'X'), { field: 'optionId', code: 'not_found' }],
      [
        () => setOptionColor(doc, status, optionId(doc, 'Status', 'Done'), 'teal' as 'red'),
        { field: 'color', code: 'invalid_color' },
      ],
      [() => setGroupBy(doc, due), { field: 'fieldId', code: 'invalid_type' }],
      [
        () => addView(doc, { name: 'Cal', kind: 'calendar', dateField: status }),
        { field: 'dateField', code: 'invalid_type' },
      ],
      [
        () =>
          addView(doc, { name: 'Odd', kind: 'table', sort: [{ fieldId: 'x', direction: 'asc' }] }),
        { field: 'sort', code: 'unknown_field' },
      ],
      [
        () => addView(doc, { name: 'Odd', kind: 'gallery' as 'board' }),
        { field: 'kind', code: 'invalid_kind' },
      ],
    ]
    const before = JSON.stringify(boardJson(doc))
    for (const [run, expected] of refusals) assert.include(thrownBy(run), expected)
    assert.equal(JSON.stringify(boardJson(doc)), before)
  })

  test('the group field can change, and the columns follow it', ({ assert }) => {
    const doc = boardDoc()
    const priority = fieldNamed(doc, 'Priority')
    const high = optionId(doc, 'Priority', 'High')
    const card = createCard(doc, { title: 'A', values: { [priority.id]: high } }, someone())
    setGroupBy(doc, priority.id)
    assert.deepEqual(
      columnsOf(doc).map((column) => column.label),
      ['No Priority', 'Low', 'Medium', 'High', 'Urgent']
    )
    assert.deepEqual(titles(doc, high), ['A'])
    setGroupBy(doc, null)
    assert.deepEqual(columnsOf(doc), [{ id: null, label: 'No value', color: null }])
    assert.deepEqual(
      cardsInColumn(doc, null).map((entry) => entry.id),
      [card]
    )
  })

  test('removing an option moves its cards to no value and drops it from multi-selects', ({
    assert,
  }) => {
    const doc = boardDoc('content_calendar')
    const actor = someone()
    const drafting = optionId(doc, 'Status', 'Drafting')
    const channel = fieldNamed(doc, 'Channel')
    const [blog, newsletter] = channel.options!.map((option) => option.id)
    const a = createCard(
      doc,
      { title: 'A', column: drafting, values: { [channel.id]: [blog] } },
      actor
    )
    createCard(doc, { title: 'B', column: drafting, values: { [channel.id]: [newsletter] } }, actor)

    removeOption(doc, fieldNamed(doc, 'Status').id, drafting)
    removeOption(doc, channel.id, blog)
    assert.deepEqual(titles(doc, null), ['A', 'B'])
    assert.notInclude(
      columnsOf(doc).map((column) => column.label),
      'Drafting'
    )
    assert.isNull(cardJson(doc, a).values[channel.id])
  })

  test('removing a field removes its values, and removing the group field leaves one column', ({
    assert,
  }) => {
    const doc = boardDoc()
    const actor = someone()
    const status = fieldNamed(doc, 'Status').id
    const priority = fieldNamed(doc, 'Priority')
    const id = createCard(
      doc,
      {
        title: 'A',
        column: optionId(doc, 'Status', 'Done'),
        values: { [priority.id]: priority.options![0].id },
      },
      actor
    )
    removeField(doc, priority.id)
    assert.notProperty(cardJson(doc, id).values, priority.id)
    removeField(doc, status)
    assert.deepEqual(columnsOf(doc), [{ id: null, label: 'No value', color: null }])
    assert.deepEqual(titles(doc, null), ['A'])
    assert.isNull(boardJson(doc).views[0].groupBy)
  })

  test('removing a field takes it out of every view setting', ({ assert }) => {
    const doc = boardDoc()
    const table = boardJson(doc).views[1].id
    const priority = fieldNamed(doc, 'Priority').id
    const due = fieldNamed(doc, 'Due date').id
    updateView(doc, table, {
      sort: [
        { fieldId: priority, direction: 'desc' },
        { fieldId: due, direction: 'asc' },
      ],
      filters: [{ fieldId: priority, op: 'is_not_empty' }],
      hiddenFields: [priority, due],
    })
    removeField(doc, priority)
    const view = boardJson(doc).views[1]
    assert.deepEqual(view.sort, [{ fieldId: due, direction: 'asc' }])
    assert.deepEqual(view.filters, [])
    assert.deepEqual(view.hiddenFields, [due])
  })
})

import { test } from '@japa/runner'
import * as Y from 'yjs'
import {
  BoardDocumentError,
  addField,
  boardJson,
  addView,
  cardJson,
  createCard,
  fieldList,
  fieldsOf,
  moveCard,
  moveField,
  moveOption,
  removeField,
  updateView,
  viewList,
  viewsOf,
} from '#boards/document/index'
import { inspectUpdate, UpdateRejected } from '#boards/services/update_guard'
import { boardDoc, fieldNamed, replicas, someone, sync, thrownBy } from '#tests/helpers/board_docs'

const LIMITS = { maxStructsPerUpdate: 3000 }

/** The titles of the open cards holding `optionId` in a select field, in position order. */
function cardsInColumnOf(doc: Y.Doc, fieldId: string, optionId: string) {
  return boardJson(doc)
    .cards.filter((card) => !card.archived && card.values[fieldId] === optionId)
    .map((card) => card.title)
}
const names = (doc: Y.Doc) => fieldList(doc).map((field) => field.name)

/** What a socket would send: the update one change on the client's replica makes. */
function updateOf(doc: Y.Doc, change: () => void) {
  let update: Uint8Array | null = null
  const keep = (bytes: Uint8Array) => (update = bytes)
  doc.on('update', keep)
  change()
  doc.off('update', keep)
  if (!update) throw new Error('the change made no update')
  return update as Uint8Array
}

test.group('Board document: field order and column widths', () => {
  test('moveField places a field after, before or at an index of the others', ({ assert }) => {
    const doc = boardDoc('project_tasks')
    const before = names(doc)
    const [first, second, third] = fieldList(doc)

    moveField(doc, first.id, { afterId: third.id })
    assert.deepEqual(names(doc).slice(0, 3), [second.name, third.name, first.name])
    moveField(doc, first.id, { beforeId: second.id })
    assert.deepEqual(names(doc), before)
    moveField(doc, second.id, { index: 0 })
    assert.deepEqual(names(doc).slice(0, 2), [second.name, first.name])
    moveField(doc, second.id, {})
    assert.equal(names(doc).at(-1), second.name)
  })

  test('moveField refuses an unknown field or neighbour and changes nothing', ({ assert }) => {
    const doc = boardDoc('project_tasks')
    const before = names(doc)
    const status = fieldNamed(doc, 'Status').id
    const missing = thrownBy(() => moveField(doc, 'nope', { index: 0 })) as BoardDocumentError
    assert.equal(missing.code, 'not_found')
    const neighbour = thrownBy(() => moveField(doc, status, { afterId: 'nope' }))
    assert.instanceOf(neighbour, BoardDocumentError)
    assert.equal((neighbour as BoardDocumentError).code, 'unknown_field')
    assert.equal((neighbour as BoardDocumentError).message, 'No such field')
    assert.deepEqual(names(doc), before)
  })

  test('two replicas moving fields concurrently end with one order', ({ assert }) => {
    const [one, two] = replicas(2)
    const [a, b, c] = fieldList(one)
    moveField(one, a.id, { afterId: c.id })
    moveField(two, c.id, { index: 0 })
    sync(one, two)
    assert.deepEqual(names(one), names(two))
    assert.lengthOf(names(one), fieldList(two).length)
    assert.include(names(one), b.name)
  })

  test('view widths are saved clamped to 80..600 and dropped with their field', ({ assert }) => {
    const doc = boardDoc('project_tasks')
    const notes = addField(doc, { name: 'Notes', type: 'text' })
    const status = fieldNamed(doc, 'Status').id
    const id = addView(doc, { name: 'Table', kind: 'table', widths: { [notes]: 20 } })
    assert.deepEqual(viewList(doc).find((view) => view.id === id)?.widths, { [notes]: 80 })

    updateView(doc, id, { widths: { [notes]: 250.4, [status]: 9000 } })
    assert.deepEqual(viewList(doc).find((view) => view.id === id)?.widths, {
      [notes]: 250,
      [status]: 600,
    })
    removeField(doc, notes)
    assert.deepEqual(viewList(doc).find((view) => view.id === id)?.widths, { [status]: 600 })
  })

  test('bad widths are refused with a reason and change nothing', ({ assert }) => {
    const doc = boardDoc('project_tasks')
    const status = fieldNamed(doc, 'Status').id
    const id = addView(doc, { name: 'Table', kind: 'table' })
    const cases: Array<[unknown, string]> = [
      [[200], 'invalid_type'],
      [null, 'invalid_type'],
      [{ nope: 200 }, 'unknown_field'],
      [{ [status]: 'wide' }, 'invalid_width'],
      [{ [status]: Number.NaN }, 'invalid_width'],
    ]
    for (const [widths, code] of cases) {
      const error = thrownBy(() => updateView(doc, id, { widths: widths as any }))
      assert.instanceOf(error, BoardDocumentError)
      assert.equal((error as BoardDocumentError).code, code, JSON.stringify(widths))
    }
    assert.deepEqual(viewList(doc).find((view) => view.id === id)?.widths, {})
  })

  test('a stored width outside the range or naming no field reads clamped or not at all', ({
    assert,
  }) => {
    const doc = boardDoc('project_tasks')
    const status = fieldNamed(doc, 'Status').id
    const id = addView(doc, { name: 'Table', kind: 'table' })
    viewsOf(doc)
      .get(id)!
      .set('widths', { [status]: 5, gone: 300, other: 'x' })
    assert.deepEqual(viewList(doc).find((view) => view.id === id)?.widths, { [status]: 80 })
  })
})

test.group('Board document: columns of another select field', () => {
  test('cards are made and moved in the columns of a view grouped by another field', ({
    assert,
  }) => {
    const doc = boardDoc('project_tasks')
    const priority = fieldNamed(doc, 'Priority')
    const status = fieldNamed(doc, 'Status')
    const [low, high] = priority.options!.map((option) => option.id)
    const actor = someone()
    const a = createCard(doc, { title: 'A', column: low, groupBy: priority.id }, actor)
    const b = createCard(doc, { title: 'B', column: low, groupBy: priority.id }, actor)
    moveCard(doc, b, { column: low, beforeId: a, groupBy: priority.id }, actor)
    const inLow = () => cardsInColumnOf(doc, priority.id, low)
    assert.deepEqual(inLow(), ['B', 'A'])
    moveCard(doc, a, { column: high, groupBy: priority.id }, actor)
    assert.deepEqual(inLow(), ['B'])
    assert.equal(cardJson(doc, a).values[priority.id], high)
    // The board's own columns are untouched: both cards stay in "no Status".
    assert.isNull(cardJson(doc, a).values[status.id])
    const refused = thrownBy(() =>
      moveCard(doc, a, { column: low, groupBy: fieldNamed(doc, 'Due date').id }, actor)
    )
    assert.equal((refused as BoardDocumentError).code, 'invalid_type')
    const unknown = thrownBy(() =>
      moveCard(doc, a, { column: status.options![0].id, groupBy: priority.id }, actor)
    )
    assert.equal((unknown as BoardDocumentError).code, 'unknown_option')
  })
})

test.group('Board sync guard: field order and widths', () => {
  test('a socket may reorder fields and save column widths', ({ assert }) => {
    const [server, client] = replicas(2)
    const view = addView(client, { name: 'Table', kind: 'table' })
    sync(server, client)
    const [first, , third] = fieldList(client)
    const moved = updateOf(client, () => moveField(client, first.id, { afterId: third.id }))
    assert.doesNotThrow(() => inspectUpdate(server, moved, someone().userId, LIMITS))
    Y.applyUpdate(server, moved)
    const widths = updateOf(client, () => updateView(client, view, { widths: { [first.id]: 320 } }))
    assert.doesNotThrow(() => inspectUpdate(server, widths, someone().userId, LIMITS))
    Y.applyUpdate(server, widths)
    assert.deepEqual(names(server), names(client))
    assert.deepEqual(viewList(server)[viewList(server).length - 1].widths, { [first.id]: 320 })
  })

  test('widths outside the schema are refused', ({ assert }) => {
    const [server, client] = replicas(2)
    const view = addView(client, { name: 'Table', kind: 'table' })
    sync(server, client)
    const field = fieldList(client)[0].id
    for (const widths of [[1], { [field]: 10 }, { [field]: 601 }, { [field]: 'x' }, 'wide']) {
      const update = updateOf(client, () => viewsOf(client).get(view)!.set('widths', widths))
      const error = thrownBy(() => inspectUpdate(server, update, someone().userId, LIMITS))
      assert.instanceOf(error, UpdateRejected, JSON.stringify(widths))
    }
    assert.isTrue(fieldsOf(server).size > 0)
  })
})

test.group('Board document: column order and hidden columns', () => {
  const labels = (doc: Y.Doc) => fieldNamed(doc, 'Status').options!.map((option) => option.label)

  test('moveOption puts a column at another place; its cards keep it', ({ assert }) => {
    const doc = boardDoc('project_tasks')
    const status = fieldNamed(doc, 'Status')
    const [todo, , done] = status.options!
    createCard(doc, { title: 'Ship', column: done.id }, someone())
    moveOption(doc, status.id, done.id, 0)
    assert.deepEqual(labels(doc), ['Done', 'To do', 'In progress'])
    assert.deepEqual(cardsInColumnOf(doc, status.id, done.id), ['Ship'])
    moveOption(doc, status.id, todo.id, 2)
    assert.deepEqual(labels(doc), ['Done', 'In progress', 'To do'])
    for (const index of [-1, 3, 1.5]) {
      const error = thrownBy(() => moveOption(doc, status.id, todo.id, index))
      assert.instanceOf(error, BoardDocumentError)
      assert.equal((error as BoardDocumentError).code, 'out_of_range')
    }
    assert.equal(
      (thrownBy(() => moveOption(doc, status.id, 'nope', 0)) as BoardDocumentError).code,
      'not_found'
    )
    assert.deepEqual(labels(doc), ['Done', 'In progress', 'To do'])
  })

  test('two replicas moving the same column at once end with one order and one copy', ({
    assert,
  }) => {
    const [one, two] = replicas(2)
    const status = fieldNamed(one, 'Status')
    const done = status.options![2]
    moveOption(one, status.id, done.id, 0)
    moveOption(two, status.id, done.id, 1)
    sync(one, two)
    assert.deepEqual(labels(one), labels(two))
    assert.lengthOf(labels(one), 3)
  })

  test('hiddenColumns are saved deduplicated; a bad list is refused and changes nothing', ({
    assert,
  }) => {
    const doc = boardDoc('project_tasks')
    const todo = fieldNamed(doc, 'Status').options![0].id
    const id = addView(doc, { name: 'Board', kind: 'board' })
    updateView(doc, id, { hiddenColumns: [todo, '', todo] })
    assert.deepEqual(viewList(doc).find((view) => view.id === id)?.hiddenColumns, [todo, ''])
    for (const bad of ['x', [1], ['x'.repeat(65)]]) {
      const error = thrownBy(() => updateView(doc, id, { hiddenColumns: bad as any }))
      assert.equal((error as BoardDocumentError).field, 'hiddenColumns')
    }
    assert.deepEqual(viewList(doc).find((view) => view.id === id)?.hiddenColumns, [todo, ''])
  })

  test('a socket may move columns and hide them; a hidden list of another shape is refused', ({
    assert,
  }) => {
    const [server, client] = replicas(2)
    const view = addView(client, { name: 'Board', kind: 'board' })
    sync(server, client)
    const status = fieldNamed(client, 'Status')
    const done = status.options![2].id
    const moved = updateOf(client, () => moveOption(client, status.id, done, 0))
    assert.doesNotThrow(() => inspectUpdate(server, moved, someone().userId, LIMITS))
    Y.applyUpdate(server, moved)
    const hidden = updateOf(client, () => updateView(client, view, { hiddenColumns: [done] }))
    assert.doesNotThrow(() => inspectUpdate(server, hidden, someone().userId, LIMITS))
    Y.applyUpdate(server, hidden)
    assert.deepEqual(labels(server), labels(client))
    const bad = updateOf(client, () => viewsOf(client).get(view)!.set('hiddenColumns', 'all'))
    assert.instanceOf(
      thrownBy(() => inspectUpdate(server, bad, someone().userId, LIMITS)),
      UpdateRejected
    )
  })
})

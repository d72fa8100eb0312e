import { test } from '@japa/runner'
import * as Y from 'yjs'
import {
  addChecklistItem,
  boardJson,
  cardJson,
  cardProjection,
  createCard,
  moveChecklistItem,
  removeChecklistItem,
  updateChecklistItem,
} from '#boards/document/index'
import { boardDoc, replicas, someone, sync, thrownBy } from '#tests/helpers/board_docs'

const texts = (doc: Y.Doc, cardId: string) => cardJson(doc, cardId).checklist.map((i) => i.text)

test.group('Board document: checklists', () => {
  test('items read in order with their progress, on the card, the board and the projection', ({
    assert,
  }) => {
    const doc = boardDoc()
    const actor = someone()
    const card = createCard(doc, { title: 'Release' }, actor)
    assert.deepEqual(cardJson(doc, card).checklist, [])
    assert.deepEqual(cardJson(doc, card).progress, { done: 0, total: 0 })

    const b = addChecklistItem(doc, card, { text: 'Build' }, actor)
    const d = addChecklistItem(doc, card, { text: 'Deploy' }, actor)
    addChecklistItem(doc, card, { text: 'Announce' }, actor)
    addChecklistItem(doc, card, { text: '  Test  ', afterId: b }, actor)
    addChecklistItem(doc, card, { text: 'Plan', index: 0 }, actor)
    addChecklistItem(doc, card, { text: 'Tag', beforeId: d }, actor)
    updateChecklistItem(doc, card, b, { done: true }, actor)

    assert.deepEqual(texts(doc, card), ['Plan', 'Build', 'Test', 'Tag', 'Deploy', 'Announce'])
    assert.deepEqual(cardJson(doc, card).checklist[1], { id: b, text: 'Build', done: true })
    assert.deepEqual(cardJson(doc, card).progress, { done: 1, total: 6 })
    assert.deepEqual(boardJson(doc).cards[0].progress, { done: 1, total: 6 })
    const projected = cardProjection(doc, card)
    assert.equal(projected.checklistDone, 1)
    assert.equal(projected.checklistTotal, 6)
  })

  test('moving, renaming, unticking and removing an item each stamp the card', ({ assert }) => {
    const doc = boardDoc()
    const maker = someone()
    const editor = someone()
    const card = createCard(doc, { title: 'Release' }, maker)
    const [a, b, c] = ['A', 'B', 'C'].map((text) => addChecklistItem(doc, card, { text }, maker))
    let updates = 0
    doc.on('update', () => updates++)

    moveChecklistItem(doc, card, a, { afterId: c }, editor)
    assert.deepEqual(texts(doc, card), ['B', 'C', 'A'])
    assert.equal(cardJson(doc, card).updatedBy, editor.userId)
    moveChecklistItem(doc, card, a, { index: 0 }, maker)
    assert.deepEqual(texts(doc, card), ['A', 'B', 'C'])
    moveChecklistItem(doc, card, c, { beforeId: b }, maker)
    assert.deepEqual(texts(doc, card), ['A', 'C', 'B'])

    updateChecklistItem(doc, card, b, { text: 'Bee', done: true }, editor)
    updateChecklistItem(doc, card, b, { done: false }, editor)
    assert.deepEqual(cardJson(doc, card).checklist[2], { id: b, text: 'Bee', done: false })
    removeChecklistItem(doc, card, a, editor)
    assert.deepEqual(texts(doc, card), ['C', 'Bee'])
    assert.equal(cardJson(doc, card).updatedBy, editor.userId)
    assert.equal(updates, 6, 'each operation is one transaction')
  })

  test('concurrent adds on two replicas merge, in the same order on both', ({ assert }) => {
    const [a, b] = replicas(2)
    const card = createCard(a, { title: 'Release' }, someone())
    sync(a, b)
    const first = addChecklistItem(a, card, { text: 'From A' }, someone())
    addChecklistItem(b, card, { text: 'From B' }, someone())
    addChecklistItem(b, card, { text: 'Also B', index: 0 }, someone())
    sync(a, b)

    assert.lengthOf(cardJson(a, card).checklist, 3)
    assert.deepEqual(cardJson(a, card).checklist, cardJson(b, card).checklist)
    assert.sameMembers(texts(a, card), ['From A', 'From B', 'Also B'])

    // Both add after the same item: distinct ids, the same order everywhere.
    addChecklistItem(a, card, { text: 'A after', afterId: first }, someone())
    addChecklistItem(b, card, { text: 'B after', afterId: first }, someone())
    sync(a, b)
    assert.lengthOf(texts(a, card), 5)
    assert.deepEqual(texts(a, card), texts(b, card))
  })

  test('a tick on one replica and a new text on another both survive', ({ assert }) => {
    const [a, b] = replicas(2)
    const card = createCard(a, { title: 'Release' }, someone())
    const item = addChecklistItem(a, card, { text: 'Write notes' }, someone())
    sync(a, b)
    updateChecklistItem(a, card, item, { done: true }, someone())
    updateChecklistItem(b, card, item, { text: 'Write the release notes' }, someone())
    sync(a, b)

    for (const doc of [a, b]) {
      assert.deepEqual(cardJson(doc, card).checklist, [
        { id: item, text: 'Write the release notes', done: true },
      ])
    }
  })

  test('a concurrent move and removal of one item leave it removed everywhere', ({ assert }) => {
    const [a, b] = replicas(2)
    const card = createCard(a, { title: 'Release' }, someone())
    const [x, y] = ['X', 'Y'].map((text) => addChecklistItem(a, card, { text }, someone()))
    sync(a, b)
    moveChecklistItem(a, card, x, { afterId: y }, someone())
    removeChecklistItem(b, card, x, someone())
    sync(a, b)
    assert.deepEqual(texts(a, card), ['Y'])
    assert.deepEqual(texts(b, card), ['Y'])
  })

  test('refused changes write nothing and say which input is at fault', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const card = createCard(doc, { title: 'Release' }, actor)
    const item = addChecklistItem(doc, card, { text: 'Build' }, actor)
    const before = Y.encodeStateVector(doc)
    const refusals: Array<[() => unknown, string, string]> = [
      [() => addChecklistItem(doc, card, { text: '   ' }, actor), 'text', 'required'],
      [() => addChecklistItem(doc, card, { text: 'x'.repeat(501) }, actor), 'text', 'too_long'],
      [
        () => addChecklistItem(doc, card, { text: 'Next', afterId: 'nope' }, actor),
        'afterId',
        'not_in_checklist',
      ],
      [() => addChecklistItem(doc, 'nope', { text: 'Next' }, actor), 'cardId', 'not_found'],
      [() => updateChecklistItem(doc, card, 'nope', { done: true }, actor), 'itemId', 'not_found'],
      [() => updateChecklistItem(doc, card, item, { text: '' }, actor), 'text', 'required'],
      [
        () => updateChecklistItem(doc, card, item, { done: 'yes' as never }, actor),
        'done',
        'invalid_type',
      ],
      [
        () => moveChecklistItem(doc, card, item, { beforeId: item }, actor),
        'beforeId',
        'not_in_checklist',
      ],
      [() => moveChecklistItem(doc, card, item, { index: -1 }, actor), 'index', 'invalid_index'],
      [() => removeChecklistItem(doc, card, 'nope', actor), 'itemId', 'not_found'],
    ]
    for (const [run, field, code] of refusals) {
      assert.include(thrownBy(run), { name: 'BoardDocumentError', field, code })
    }
    assert.deepEqual(Y.encodeStateVector(doc), before)
    assert.deepEqual(texts(doc, card), ['Build'])
  })

  test('a card holds at most 100 items, and 500 characters per item', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const card = createCard(doc, { title: 'Long list' }, actor)
    const item = addChecklistItem(doc, card, { text: 'x'.repeat(500) }, actor)
    for (let i = 1; i < 100; i++) addChecklistItem(doc, card, { text: `Step ${i}` }, actor)
    const before = Y.encodeStateVector(doc)
    assert.include(
      thrownBy(() => addChecklistItem(doc, card, { text: 'One more' }, actor)),
      { field: 'checklist', code: 'too_many' }
    )
    assert.deepEqual(Y.encodeStateVector(doc), before)
    assert.equal(cardJson(doc, card).progress.total, 100)
    assert.lengthOf(cardJson(doc, card).checklist[0].text, 500)

    removeChecklistItem(doc, card, item, actor)
    addChecklistItem(doc, card, { text: 'Room again' }, actor)
    assert.equal(cardJson(doc, card).progress.total, 100)
  })

  test('a card made before checklists reads an empty one and gets one on its first item', ({
    assert,
  }) => {
    const doc = boardDoc()
    const actor = someone()
    const card = createCard(doc, { title: 'Old' }, actor)
    doc.getMap<Y.Map<unknown>>('cards').get(card)!.delete('checklist')
    assert.deepEqual(cardJson(doc, card).progress, { done: 0, total: 0 })
    addChecklistItem(doc, card, { text: 'First' }, actor)
    assert.deepEqual(texts(doc, card), ['First'])
  })
})

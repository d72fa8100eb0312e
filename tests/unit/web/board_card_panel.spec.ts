import { test } from '@japa/runner'
import * as Y from 'yjs'
import {
  addChecklistItem,
  applyTemplate,
  cardsOf,
  createCard,
  updateCard,
} from '../../../boards/document/index.js'
import { touchesCard } from '../../../resources/boards/useOpenCard.js'
import { peopleOf, type State } from '../../../resources/boards/usePresence.js'

const ana = { userId: '01a22008-bddd-75db-83fb-60f2a436d237' }
const bob = '01a22008-bde1-709c-92c1-083e453d337d'
const carol = '01a22008-bde1-709c-92c1-083e453d3300'

test.group('Web: the open card is read again only when it changed', () => {
  test('its title, checklist or removal count; its description and other cards do not', ({
    assert,
  }) => {
    const doc = new Y.Doc()
    applyTemplate(doc, 'project_tasks')
    const open = createCard(doc, { title: 'Open' }, ana)
    const other = createCard(doc, { title: 'Other' }, ana)
    const seen: boolean[] = []
    cardsOf(doc).observeDeep((events) => seen.push(touchesCard(events, open, cardsOf(doc))))

    updateCard(doc, open, { title: 'Open, renamed' }, ana)
    addChecklistItem(doc, open, { text: 'A step' }, ana)
    const description = cardsOf(doc).get(open)!.get('description') as Y.Text
    doc.transact(() => description.insert(0, 'Typing'), 'editor')
    updateCard(doc, other, { title: 'Other, renamed' }, ana)
    doc.transact(() => cardsOf(doc).delete(open))
    assert.deepEqual(seen, [true, true, false, false, true])
  })
})

test.group('Web: who is on a board', () => {
  const states = new Map<number, State>([
    [1, { user: { id: ana.userId, name: 'Ana' }, card: 'c1' }],
    [2, { user: { id: bob, name: 'Bob', color: '#2b5cc4' }, card: 'c1', editing: true }],
    [3, { user: { id: bob, name: 'Bob', color: '#2b5cc4' }, card: 'c2' }],
    [4, { user: { id: carol, name: 'Carol' } }],
    [5, { user: { name: 'No id' } }],
    [6, { user: { id: ana.userId, name: 'Ana' }, card: 'c2' }],
  ])

  test('each person once however many tabs, by name, without me or states the server did not name', ({
    assert,
  }) => {
    const people = peopleOf(states, 1, ana.userId)
    assert.deepEqual(
      people.map((person) => person.name),
      ['Bob', 'Carol']
    )
    const [bobThere, carolThere] = people
    assert.deepEqual([...bobThere.cards], ['c1', 'c2'])
    assert.deepEqual([...bobThere.editing], ['c1'])
    assert.equal(bobThere.color, '#2b5cc4')
    assert.deepEqual([...carolThere.cards], [])
  })
})

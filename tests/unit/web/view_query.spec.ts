import { test } from '@japa/runner'
import * as Y from 'yjs'
import {
  addField,
  addView,
  applyTemplate,
  boardJson,
  cardsOf,
  createCard,
  fieldList,
  updateCard,
  updateView,
  viewList,
  type CardJson,
  type FieldJson,
  type ViewFilter,
} from '../../../boards/document/index.js'
import { BoardReader } from '../../../resources/boards/readModel.js'
import {
  FIELD_WIDTH,
  gridStep,
  tableColumns,
  tableLines,
} from '../../../resources/boards/tableModel.js'
import {
  dayOf,
  groupCards,
  opsFor,
  passes,
  queryCards,
} from '../../../resources/boards/viewQuery.js'

const ana = { userId: '01a22008-bddd-75db-83fb-60f2a436d237' }
const bob = { userId: '01a22008-bde1-709c-92c1-083e453d337d' }
const names: Record<string, string> = { [ana.userId]: 'Ana', [bob.userId]: 'Bob' }
const nameOf = (id: string) => names[id] ?? id

/** A project_tasks board with a text, number, checkbox, multi-select and url field added. */
function board() {
  const doc = new Y.Doc()
  applyTemplate(doc, 'project_tasks')
  addField(doc, { name: 'Notes', type: 'text' })
  addField(doc, { name: 'Points', type: 'number' })
  addField(doc, { name: 'Done', type: 'checkbox' })
  addField(doc, {
    name: 'Tags',
    type: 'multi_select',
    options: [{ label: 'ui' }, { label: 'api' }],
  })
  addField(doc, { name: 'Link', type: 'url' })
  const field = (name: string) => fieldList(doc).find((entry) => entry.name === name)!
  const option = (name: string, label: string) =>
    field(name).options!.find((entry) => entry.label === label)!.id
  const card = (title: string, values: Record<string, unknown>) => {
    const id = createCard(doc, { title }, ana)
    const byId = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [field(name).id, value])
    )
    updateCard(doc, id, { values: byId }, ana)
    return id
  }
  const cards = () => boardJson(doc).cards.filter((entry) => !entry.archived)
  return { doc, field, option, card, cards }
}

const titles = (cards: CardJson[]) => cards.map((card) => card.title)
const filter = (field: FieldJson, op: ViewFilter['op'], value?: ViewFilter['value']) => ({
  fieldId: field.id,
  op,
  value,
})

test.group('View query', () => {
  test('filters on text, number, checkbox and url combine with AND', ({ assert }) => {
    const { field, card, cards } = board()
    card('A', { Notes: 'Ship the Editor', Points: 3, Done: true, Link: 'https://a.example' })
    card('B', { Notes: 'editor docs', Points: 5 })
    card('C', { Points: 3 })
    const run = (...filters: ViewFilter[]) =>
      titles(
        queryCards(cards(), { filters, sort: [] }, [
          field('Notes'),
          field('Points'),
          field('Done'),
          field('Link'),
        ])
      )
    assert.deepEqual(run(filter(field('Notes'), 'contains', 'EDITOR')), ['A', 'B'])
    assert.deepEqual(run(filter(field('Notes'), 'is', 'editor docs')), ['B'])
    assert.deepEqual(run(filter(field('Notes'), 'is_not', 'editor docs')), ['A', 'C'])
    assert.deepEqual(run(filter(field('Notes'), 'is_empty')), ['C'])
    assert.deepEqual(run(filter(field('Points'), 'is', 3)), ['A', 'C'])
    assert.deepEqual(
      run(filter(field('Points'), 'is', 3), filter(field('Notes'), 'is_not_empty')),
      ['A']
    )
    assert.deepEqual(run(filter(field('Done'), 'is', false)), ['B', 'C'])
    assert.deepEqual(run(filter(field('Done'), 'is', true)), ['A'])
    assert.deepEqual(run(filter(field('Link'), 'contains', 'a.example')), ['A'])
    // A filter whose value is not chosen yet hides nothing.
    assert.deepEqual(run(filter(field('Notes'), 'contains', null)), ['A', 'B', 'C'])
    assert.deepEqual(run(), ['A', 'B', 'C'])
  })

  test('filters on select, multi-select and person read option and user ids', ({ assert }) => {
    const { field, option, card, cards } = board()
    const todo = option('Status', 'To do')
    const doing = option('Status', 'In progress')
    card('A', {
      Status: todo,
      Tags: [option('Tags', 'ui'), option('Tags', 'api')],
      Assignee: [ana.userId],
    })
    card('B', { Status: doing, Tags: [option('Tags', 'ui')], Assignee: [bob.userId, ana.userId] })
    card('C', {})
    const fields = [field('Status'), field('Tags'), field('Assignee')]
    const run = (...filters: ViewFilter[]) =>
      titles(queryCards(cards(), { filters, sort: [] }, fields))
    assert.deepEqual(run(filter(field('Status'), 'is', [todo, doing])), ['A', 'B'])
    assert.deepEqual(run(filter(field('Status'), 'is', [doing])), ['B'])
    assert.deepEqual(run(filter(field('Status'), 'is_not', [doing])), ['A', 'C'])
    assert.deepEqual(run(filter(field('Status'), 'is_empty')), ['C'])
    assert.deepEqual(run(filter(field('Tags'), 'is', [option('Tags', 'api')])), ['A'])
    assert.deepEqual(
      run(filter(field('Tags'), 'contains', [option('Tags', 'ui'), option('Tags', 'api')])),
      ['A']
    )
    assert.deepEqual(run(filter(field('Tags'), 'is_not', [option('Tags', 'api')])), ['B', 'C'])
    assert.deepEqual(run(filter(field('Assignee'), 'is', [bob.userId])), ['B'])
    assert.deepEqual(run(filter(field('Assignee'), 'contains', [ana.userId])), ['A', 'B'])
  })

  test('date filters compare calendar days, date-times where the reader is', ({ assert }) => {
    const { field, card, cards } = board()
    const due = field('Due date')
    card('A', { 'Due date': '2026-03-01' })
    card('B', { 'Due date': '2026-03-02' })
    card('C', {})
    const run = (...filters: ViewFilter[]) =>
      titles(queryCards(cards(), { filters, sort: [] }, [due]))
    assert.deepEqual(run(filter(due, 'is', '2026-03-01')), ['A'])
    assert.deepEqual(run(filter(due, 'is_not', '2026-03-01')), ['B', 'C'])
    assert.deepEqual(run(filter(due, 'is_not_empty')), ['A', 'B'])
    const local = new Date(2026, 2, 1, 23, 30)
    assert.equal(dayOf(local.toISOString()), '2026-03-01')
    assert.isTrue(passes(due, local.toISOString(), filter(due, 'is', '2026-03-01')))
  })

  test('sorts by type, in turn, empty values last, ties in board order', ({ assert }) => {
    const { field, option, card, cards } = board()
    card('A', { Points: 5, Status: option('Status', 'Done'), Assignee: [bob.userId] })
    card('B', { Points: 1, Status: option('Status', 'To do'), Assignee: [ana.userId] })
    card('C', { Status: option('Status', 'To do') })
    card('D', { 'Points': 1, 'Due date': '2026-01-02' })
    card('E', { 'Points': 10, 'Due date': '2025-12-31' })
    const fields = [field('Points'), field('Status'), field('Assignee'), field('Due date')]
    const sorted = (...sort: Array<[string, 'asc' | 'desc']>) =>
      titles(
        queryCards(
          cards(),
          {
            filters: [],
            sort: sort.map(([name, direction]) => ({ fieldId: field(name).id, direction })),
          },
          fields,
          nameOf
        )
      )
    assert.deepEqual(sorted(), ['A', 'B', 'C', 'D', 'E'])
    assert.deepEqual(sorted(['Points', 'asc']), ['B', 'D', 'A', 'E', 'C'])
    assert.deepEqual(sorted(['Points', 'desc']), ['E', 'A', 'B', 'D', 'C'])
    // Options sort in their order (To do before Done), then by points descending.
    assert.deepEqual(sorted(['Status', 'asc'], ['Points', 'desc']), ['B', 'C', 'A', 'E', 'D'])
    assert.deepEqual(sorted(['Assignee', 'asc']), ['B', 'A', 'C', 'D', 'E'])
    assert.deepEqual(sorted(['Due date', 'asc']), ['E', 'D', 'A', 'B', 'C'])
  })

  test('groups rows under every option of a select field, no value first', ({ assert }) => {
    const { field, option, card, cards } = board()
    card('A', { Status: option('Status', 'Done') })
    card('B', {})
    const groups = groupCards(cards(), field('Status'))
    assert.deepEqual(
      groups.map((group) => [group.label, titles(group.cards)]),
      [
        ['No Status', ['B']],
        ...field('Status').options!.map((entry) => [
          entry.label,
          entry.label === 'Done' ? ['A'] : [],
        ]),
      ]
    )
  })

  test('each field type offers the operators that mean something for it', ({ assert }) => {
    assert.deepEqual(opsFor('checkbox'), ['is'])
    assert.deepEqual(opsFor('created_at'), ['is', 'is_not'])
    assert.include(opsFor('text'), 'contains')
    assert.notInclude(opsFor('number'), 'contains')
    assert.include(opsFor('person'), 'contains')
  })
})

test.group('Board read model with a view', () => {
  test('the columns hold only the cards passing the view, grouped by its field', ({ assert }) => {
    const { doc, field, card } = board()
    const area = addField(doc, { name: 'Area', type: 'select', options: [{ label: 'Web' }] })
    const web = field('Area').options![0].id
    card('A', { Points: 3, Area: web })
    const b = card('B', { Points: 5 })
    const view = addView(doc, { name: 'Small', kind: 'board' })
    const reader = new BoardReader(doc)
    reader.showView(view)
    const shown = () =>
      reader.model().columns.map((column) => [column.label, column.cards.map((c) => c.title)])
    assert.equal(reader.model().view?.id, view)

    updateView(doc, view, {
      groupBy: area,
      filters: [{ fieldId: field('Points').id, op: 'is', value: 3 }],
    })
    reader.invalidate()
    assert.deepEqual(shown(), [
      ['No Area', []],
      ['Web', ['A']],
    ])
    assert.equal(reader.model().cards.size, 2)

    // A card edited to pass the filter arrives on the incremental path.
    const events: Array<Y.YEvent<any>> = []
    cardsOf(doc).observeDeep((list) => events.push(...list))
    updateCard(doc, b, { values: { [field('Points').id]: 3 } }, ana)
    reader.changed(events)
    assert.deepEqual(shown(), [
      ['No Area', ['B']],
      ['Web', ['A']],
    ])
  })
})

test.group('Table model', () => {
  test('columns are the title then the shown fields at their saved widths', ({ assert }) => {
    const { doc, field } = board()
    const view = addView(doc, { name: 'Grid', kind: 'table' })
    updateView(doc, view, {
      hiddenFields: [field('Notes').id],
      widths: { [field('Points').id]: 320 },
    })
    const shown = viewList(doc).find((entry) => entry.id === view)!
    const columns = tableColumns(fieldList(doc), shown)
    assert.equal(columns[0].id, 'title')
    assert.notInclude(
      columns.map((column) => column.name),
      'Notes'
    )
    assert.equal(columns.find((column) => column.name === 'Points')?.width, 320)
    assert.equal(columns.find((column) => column.name === 'Status')?.width, FIELD_WIDTH)
  })

  test('lines put group headers over their rows; keys step over the headers', ({ assert }) => {
    const { doc, field, option, card, cards } = board()
    card('A', { Status: option('Status', 'Done') })
    card('B', {})
    const view = addView(doc, { name: 'Grid', kind: 'table', groupBy: field('Status').id })
    const shown = viewList(doc).find((entry) => entry.id === view)!
    const lines = tableLines(cards(), fieldList(doc), shown, (id) => id)
    assert.deepEqual(
      lines.map((line) => (line.kind === 'group' ? `# ${line.label}` : line.card.title)),
      ['# No Status', 'B', '# To do', '# In progress', '# Done', 'A']
    )
    const at = { line: 1, column: 2 }
    assert.deepEqual(gridStep(lines, at, 'ArrowDown', 5), { line: 5, column: 2 })
    assert.deepEqual(gridStep(lines, { line: 5, column: 2 }, 'ArrowUp', 5), at)
    assert.deepEqual(gridStep(lines, at, 'ArrowUp', 5), at)
    assert.deepEqual(gridStep(lines, at, 'End', 5), { line: 1, column: 4 })
    assert.deepEqual(gridStep(lines, at, 'Home', 5), { line: 1, column: 0 })
    assert.deepEqual(gridStep(lines, at, 'ArrowRight', 3), { line: 1, column: 2 })
    assert.isNull(gridStep(lines, at, 'Enter', 5))
  })
})

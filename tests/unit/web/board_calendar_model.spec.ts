import { test } from '@japa/runner'
import * as Y from 'yjs'
import {
  addField,
  applyTemplate,
  archiveCard,
  cardsOf,
  createCard,
  fieldList,
  fieldsOf,
  removeField,
  updateCard,
  updateView,
  viewList,
  viewsOf,
} from '../../../boards/document/index.js'
import {
  CalendarReader,
  addMonths,
  calendarField,
  cardsByDay,
  dayKey,
  monthWeeks,
  placeOf,
  previewMove,
  readCalendar,
  rescheduled,
  weekDays,
  weekStartOf,
  type CalendarModel,
} from '../../../resources/boards/calendarModel.js'

const ana = { userId: '01a22008-bddd-75db-83fb-60f2a436d237' }

/** A project_tasks board (its Calendar view places cards by Due date) with dated cards. */
function board(cards: Record<string, string | null>) {
  const doc = new Y.Doc()
  applyTemplate(doc, 'project_tasks')
  const due = fieldList(doc).find((field) => field.name === 'Due date')!.id
  const ids: Record<string, string> = {}
  for (const [title, date] of Object.entries(cards)) {
    ids[title] = createCard(doc, { title, values: { [due]: date } }, ana)
  }
  const view = () => viewList(doc).find((entry) => entry.kind === 'calendar')!
  return { doc, ids, due, view }
}

const titlesByDay = (model: CalendarModel) =>
  Object.fromEntries([...model.days].map(([day, cards]) => [day, cards.map((c) => c.title)]))

/** A local date-time as the ISO string the document stores. */
const localIso = (year: number, month: number, date: number, hours: number, minutes = 0) =>
  new Date(year, month - 1, date, hours, minutes).toISOString()

test.group('Board calendar model', () => {
  test('cards are placed by the view date field, undated ones listed apart, archived left out', ({
    assert,
  }) => {
    const { doc, ids, view } = board({
      Plan: '2026-12-08',
      Ship: '2026-12-08',
      Review: '2026-12-10',
      Someday: null,
      Gone: '2026-12-10',
    })
    archiveCard(doc, ids.Gone, true, ana)
    const model = readCalendar(doc, view())
    assert.equal(model.field?.name, 'Due date')
    assert.isTrue(model.movable)
    assert.deepEqual(titlesByDay(model), {
      '2026-12-08': ['Plan', 'Ship'],
      '2026-12-10': ['Review'],
    })
    assert.deepEqual(
      model.undated.map((card) => card.title),
      ['Someday']
    )
    assert.deepEqual(
      [...cardsByDay(model, '2026-12-07', '2026-12-09')].map(([day, list]) => [day, list.length]),
      [
        ['2026-12-07', 0],
        ['2026-12-08', 2],
        ['2026-12-09', 0],
      ]
    )
  })

  test('a date-time is on the viewer local day, after the plain dates of that day, by time', ({
    assert,
  }) => {
    const { view, doc } = board({
      Late: localIso(2026, 12, 8, 23, 30),
      Early: localIso(2026, 12, 8, 0, 15),
      AllDay: '2026-12-08',
    })
    const model = readCalendar(doc, view())
    assert.deepEqual(titlesByDay(model), { '2026-12-08': ['AllDay', 'Early', 'Late'] })
    assert.equal(model.days.get('2026-12-08')![2].minutes, 23 * 60 + 30)
    assert.deepEqual(placeOf('2026-02-03'), { day: '2026-02-03', minutes: null })
    assert.isNull(placeOf('not a date'))
  })

  test('rescheduling keeps a plain date plain and a date-time at its local time of day', ({
    assert,
  }) => {
    assert.equal(rescheduled('2026-12-08', '2026-12-24'), '2026-12-24')
    assert.equal(rescheduled(null, '2026-12-24'), '2026-12-24')
    const moved = new Date(rescheduled(localIso(2026, 12, 8, 9, 45), '2027-01-02'))
    assert.equal(dayKey(moved), '2027-01-02')
    assert.deepEqual([moved.getHours(), moved.getMinutes()], [9, 45])
  })

  test('without a date field of its own the view uses the due date; another date field can be chosen; created fields do not move', ({
    assert,
  }) => {
    const { doc, view, ids, due } = board({ Plan: '2026-12-08' })
    updateView(doc, view().id, { dateField: null })
    assert.equal(readCalendar(doc, view()).field?.id, due)
    const start = addField(doc, { name: 'Start', type: 'date' })
    updateCard(doc, ids.Plan, { values: { [start]: '2026-12-01' } }, ana)
    updateView(doc, view().id, { dateField: start })
    assert.deepEqual(titlesByDay(readCalendar(doc, view())), { '2026-12-01': ['Plan'] })
    const created = addField(doc, { name: 'Created', type: 'created_at' })
    updateView(doc, view().id, { dateField: created })
    const model = readCalendar(doc, view())
    assert.isFalse(model.movable)
    assert.deepEqual(
      model.dateFields.map((field) => field.name),
      ['Due date', 'Start', 'Created']
    )
    assert.lengthOf([...model.days.values()].flat(), 1)
    // A board with no date field at all has nothing to place by.
    removeField(doc, due)
    removeField(doc, start)
    removeField(doc, created)
    assert.isNull(calendarField(fieldList(doc), view()))
  })

  test('the incremental reader matches a fresh read after card edits, remote updates and field changes', ({
    assert,
  }) => {
    const { doc, ids, due, view } = board({ A: '2026-12-01', B: null })
    const reader = new CalendarReader(doc, view)
    cardsOf(doc).observeDeep((events) => reader.changed(events))
    for (const map of [fieldsOf(doc), viewsOf(doc)]) map.observeDeep(() => reader.invalidate())
    reader.model()

    updateCard(doc, ids.A, { values: { [due]: '2026-12-02' } }, ana)
    updateCard(doc, ids.B, { values: { [due]: '2026-12-02' }, title: 'B2' }, ana)
    createCard(doc, { title: 'C', values: { [due]: '2026-12-03' } }, ana)
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    updateCard(other, ids.A, { values: { [due]: null } }, ana)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    assert.deepEqual(titlesByDay(reader.model()), titlesByDay(readCalendar(doc, view())))
    assert.deepEqual(titlesByDay(reader.model()), {
      '2026-12-02': ['B2'],
      '2026-12-03': ['C'],
    })
    assert.deepEqual(
      reader.model().undated.map((card) => card.title),
      ['A']
    )

    const start = addField(doc, { name: 'Start', type: 'date' })
    updateView(doc, view().id, { dateField: start })
    assert.deepEqual(titlesByDay(reader.model()), {})
    assert.lengthOf(reader.model().undated, 3)
  })

  test('month grids are whole weeks from the locale week start; weeks and months step', ({
    assert,
  }) => {
    const monday = monthWeeks('2026-12-08', 1)
    assert.lengthOf(monday, 5)
    assert.deepEqual([monday[0][0], monday[4][6]], ['2026-11-30', '2027-01-03'])
    const sunday = monthWeeks('2026-12-08', 7)
    assert.deepEqual([sunday[0][0], sunday.at(-1)![6]], ['2026-11-29', '2027-01-02'])
    // February and March 2026 both start on a Sunday: from Monday, five rows and six.
    assert.lengthOf(monthWeeks('2026-02-10', 1), 5)
    assert.lengthOf(monthWeeks('2026-03-10', 1), 6)
    assert.deepEqual(weekDays('2026-12-08', 1), [
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ])
    assert.equal(weekDays('2026-12-08', 6)[0], '2026-12-05')
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28')
    assert.equal(addMonths('2026-12-08', -12), '2025-12-08')
    assert.equal(weekStartOf('en-US'), 7)
    assert.equal(weekStartOf('de-DE'), 1)
    assert.equal(weekStartOf('not a locale!'), 1)
  })

  test('a card held by the keyboard shows over its target day, or in the aside', ({ assert }) => {
    const { doc, ids, view } = board({ A: '2026-12-01', B: '2026-12-01', C: null })
    const model = readCalendar(doc, view())
    const moved = previewMove(model, ids.A, '2026-12-05')
    assert.deepEqual(titlesByDay(moved), { '2026-12-01': ['B'], '2026-12-05': ['A'] })
    const aside = previewMove(model, ids.B, null)
    assert.deepEqual(
      aside.undated.map((card) => card.title),
      ['B', 'C']
    )
    assert.deepEqual(titlesByDay(model), { '2026-12-01': ['A', 'B'] })
    assert.strictEqual(previewMove(model, 'missing', null), model)
  })
})

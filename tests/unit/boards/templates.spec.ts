import { test } from '@japa/runner'
import * as Y from 'yjs'
import { TEMPLATES, TEMPLATE_NAMES, applyTemplate, boardJson } from '#boards/document/index'
import { thrownBy } from '#tests/helpers/board_docs'

/** What each template promises: its fields (name and type), status options and views. */
const EXPECTED = {
  empty: {
    fields: ['Status:select'],
    status: ['To do', 'Doing', 'Done'],
    views: ['Board:board'],
  },
  project_tasks: {
    fields: ['Status:select', 'Assignee:person', 'Due date:date', 'Priority:select'],
    status: ['To do', 'In progress', 'Done'],
    views: ['Board:board', 'Table:table', 'Calendar:calendar'],
    calendarBy: 'Due date',
  },
  sprint: {
    fields: ['Status:select', 'Points:number', 'Assignee:person', 'Sprint:select'],
    status: ['Backlog', 'Sprint', 'In progress', 'Review', 'Done'],
    views: ['Board:board', 'Table:table'],
  },
  bug_triage: {
    fields: [
      'Status:select',
      'Severity:select',
      'Assignee:person',
      'Reported by:person',
      'Component:select',
    ],
    status: ['New', 'Triaged', 'In progress', 'Fixed', "Won't fix"],
    views: ['Board:board', 'Table:table'],
  },
  content_calendar: {
    fields: ['Status:select', 'Publish date:date', 'Channel:multi_select', 'Author:person'],
    status: ['Idea', 'Drafting', 'Editing', 'Scheduled', 'Published'],
    views: ['Board:board', 'Table:table', 'Calendar:calendar'],
    calendarBy: 'Publish date',
  },
}

test.group('Board document: templates', () => {
  test('every template gives its documented fields, columns and views', ({ assert }) => {
    assert.sameMembers(TEMPLATE_NAMES, Object.keys(EXPECTED))
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const doc = new Y.Doc()
      applyTemplate(doc, name)
      const board = boardJson(doc)
      const status = board.fields[0]

      assert.deepEqual(
        board.fields.map((field) => `${field.name}:${field.type}`),
        expected.fields,
        name
      )
      assert.equal(board.groupBy, status.id, name)
      assert.deepEqual(
        board.columns.map((column) => column.label),
        [`No Status`, ...expected.status],
        name
      )
      assert.deepEqual(
        board.views.map((view) => `${view.name}:${view.kind}`),
        expected.views,
        name
      )
      assert.equal(board.views[0].groupBy, status.id, name)
      const calendar = board.views.find((view) => view.kind === 'calendar')
      const dateField = board.fields.find((field) => field.id === calendar?.dateField)
      assert.equal(dateField?.name, 'calendarBy' in expected ? expected.calendarBy : undefined)
      assert.lengthOf(board.cards, 0, name)
      assert.isString(TEMPLATES[name].title)
    }
  })

  test('a template is applied in one update and only to an empty board', ({ assert }) => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    applyTemplate(doc, 'sprint')
    assert.equal(updates, 1)

    assert.include(
      thrownBy(() => applyTemplate(doc, 'empty')),
      { code: 'not_empty' }
    )
    assert.include(
      thrownBy(() => applyTemplate(new Y.Doc(), 'toString')),
      {
        code: 'unknown_template',
      }
    )
  })
})

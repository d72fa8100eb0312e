import type * as Y from 'yjs'
import { BoardDocumentError } from './errors.js'
import { addField, setGroupBy, type FieldInput } from './fields.js'
import type { OptionInput } from './options.js'
import { SCHEMA_VERSION, cardsOf, fieldsOf, metaOf, viewsOf } from './schema.js'
import { transact } from './maps.js'
import { addView } from './views.js'

export interface BoardTemplate {
  title: string
  description: string
  /** Fills an empty document with the template's fields and views, in one transaction. */
  apply(doc: Y.Doc, origin?: unknown): void
}

interface TemplateSpec {
  title: string
  description: string
  /** The options of the Status field, which the board view's columns come from. */
  status: OptionInput[]
  fields: FieldInput[]
  /** The name of the date field a calendar view is added for. */
  calendarBy?: string
  /** Only a board view (the empty template). */
  boardOnly?: boolean
}

const option = (label: string, color: OptionInput['color']): OptionInput => ({ label, color })

function template(spec: TemplateSpec): BoardTemplate {
  const apply = (doc: Y.Doc, origin?: unknown) => {
    if (fieldsOf(doc).size || viewsOf(doc).size || cardsOf(doc).size) {
      throw new BoardDocumentError('template', 'not_empty', 'A template fills only an empty board')
    }
    transact(doc, origin, () => {
      metaOf(doc).set('schemaVersion', SCHEMA_VERSION)
      const status = addField(doc, { name: 'Status', type: 'select', options: spec.status })
      const ids = new Map(spec.fields.map((field) => [field.name, addField(doc, field)]))
      setGroupBy(doc, status)
      addView(doc, { name: 'Board', kind: 'board', groupBy: status })
      if (spec.boardOnly) return
      addView(doc, { name: 'Table', kind: 'table' })
      if (spec.calendarBy) {
        addView(doc, { name: 'Calendar', kind: 'calendar', dateField: ids.get(spec.calendarBy) })
      }
    })
  }
  return { title: spec.title, description: spec.description, apply }
}

const assignee: FieldInput = { name: 'Assignee', type: 'person' }

const templates = {
  empty: template({
    title: 'Empty board',
    description: 'Three columns and nothing else: shape it as you go.',
    status: [option('To do', 'gray'), option('Doing', 'blue'), option('Done', 'green')],
    fields: [],
    boardOnly: true,
  }),
  project_tasks: template({
    title: 'Project tasks',
    description: 'Tasks with an assignee, a due date and a priority, from to do to done.',
    status: [option('To do', 'gray'), option('In progress', 'blue'), option('Done', 'green')],
    fields: [
      assignee,
      { name: 'Due date', type: 'date' },
      {
        name: 'Priority',
        type: 'select',
        options: [
          option('Low', 'gray'),
          option('Medium', 'yellow'),
          option('High', 'orange'),
          option('Urgent', 'red'),
        ],
      },
    ],
    calendarBy: 'Due date',
  }),
  sprint: template({
    title: 'Sprint',
    description: 'A backlog and sprints, with story points and an assignee per card.',
    status: [
      option('Backlog', 'gray'),
      option('Sprint', 'purple'),
      option('In progress', 'blue'),
      option('Review', 'yellow'),
      option('Done', 'green'),
    ],
    fields: [
      { name: 'Points', type: 'number' },
      assignee,
      { name: 'Sprint', type: 'select', options: [] },
    ],
  }),
  bug_triage: template({
    title: 'Bug triage',
    description: 'Reported bugs by severity and component, from new to fixed.',
    status: [
      option('New', 'gray'),
      option('Triaged', 'purple'),
      option('In progress', 'blue'),
      option('Fixed', 'green'),
      option("Won't fix", 'brown'),
    ],
    fields: [
      {
        name: 'Severity',
        type: 'select',
        options: [
          option('Critical', 'red'),
          option('High', 'orange'),
          option('Medium', 'yellow'),
          option('Low', 'gray'),
        ],
      },
      assignee,
      { name: 'Reported by', type: 'person' },
      { name: 'Component', type: 'select', options: [] },
    ],
  }),
  content_calendar: template({
    title: 'Content calendar',
    description: 'Posts from idea to published, by channel and publish date.',
    status: [
      option('Idea', 'gray'),
      option('Drafting', 'yellow'),
      option('Editing', 'orange'),
      option('Scheduled', 'blue'),
      option('Published', 'green'),
    ],
    fields: [
      { name: 'Publish date', type: 'date' },
      {
        name: 'Channel',
        type: 'multi_select',
        options: [option('Blog', 'blue'), option('Newsletter', 'purple'), option('Social', 'pink')],
      },
      { name: 'Author', type: 'person' },
    ],
    calendarBy: 'Publish date',
  }),
} satisfies Record<string, BoardTemplate>

export type TemplateName = keyof typeof templates

/** The names of the built-in templates, `empty` first. */
export const TEMPLATE_NAMES = Object.keys(templates) as TemplateName[]

/**
 * The built-in board templates, by name. Indexed by any string so a name the caller has
 * already checked against TEMPLATE_NAMES (a validator's enum) needs no cast.
 */
export const TEMPLATES: Readonly<Record<string, BoardTemplate>> = templates

/** Fills an empty board document from the template `name`. */
export function applyTemplate(doc: Y.Doc, name: string, origin?: unknown) {
  const found = Object.hasOwn(templates, name) ? TEMPLATES[name] : undefined
  if (!found) throw new BoardDocumentError('template', 'unknown_template', 'No such template')
  found.apply(doc, origin)
}

import * as Y from 'yjs'
import { readCard, type CardJson } from './json.js'
import {
  cardsOf,
  fieldList,
  groupField,
  requireCard,
  type CellValue,
  type FieldJson,
} from './schema.js'

/** What the SQL `cards` table keeps of a card, for search, reminders, exports and REST. */
export interface CardProjection {
  id: string
  title: string
  description: string
  /** The card's option id in the group field (its kanban column), or null. */
  groupValue: string | null
  /** That column's name and colour, for previews that do not open the document. */
  groupLabel: string | null
  groupColor: string | null
  assignees: string[]
  /** `YYYY-MM-DD` or a UTC ISO date-time, or null. */
  dueAt: string | null
  archived: boolean
  position: string
  /** Checklist items done, and all of them: progress a list shows without the document. */
  checklistDone: number
  checklistTotal: number
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
  values: Record<string, CellValue>
}

const named = (field: FieldJson, names: string[]) => names.includes(field.name.trim().toLowerCase())

/**
 * The first field of `type` in field order whose name is one of `names` (any case), else the
 * first field of that type at all.
 */
function pick(fields: FieldJson[], type: FieldJson['type'], names: string[]) {
  const ofType = fields.filter((field) => field.type === type)
  return ofType.find((field) => named(field, names)) ?? ofType[0] ?? null
}

/** The person field whose people are a card's assignees. */
export function assigneeField(fields: FieldJson[]): FieldJson | null {
  return pick(fields, 'person', ['assignee', 'assignees'])
}

/** The date field that is a card's due date. */
export function dueDateField(fields: FieldJson[]): FieldJson | null {
  return pick(fields, 'date', ['due date', 'due'])
}

function project(card: CardJson, fields: FieldJson[], group: FieldJson | null): CardProjection {
  const assignees = assigneeField(fields)
  const due = dueDateField(fields)
  const groupValue = group ? card.values[group.id] : null
  const option =
    typeof groupValue === 'string' ? group?.options?.find((entry) => entry.id === groupValue) : null
  const people = assignees ? card.values[assignees.id] : null
  const dueAt = due ? card.values[due.id] : null
  return {
    id: card.id,
    title: card.title,
    description: card.description,
    groupValue: typeof groupValue === 'string' ? groupValue : null,
    groupLabel: option?.label ?? null,
    groupColor: option?.color ?? null,
    assignees: Array.isArray(people) ? people : [],
    dueAt: typeof dueAt === 'string' ? dueAt : null,
    archived: card.archived,
    position: card.position,
    checklistDone: card.progress.done,
    checklistTotal: card.progress.total,
    createdAt: card.createdAt,
    createdBy: card.createdBy,
    updatedAt: card.updatedAt,
    updatedBy: card.updatedBy,
    values: card.values,
  }
}

/** The SQL projection of one card. */
export function cardProjection(doc: Y.Doc, id: string): CardProjection {
  const fields = fieldList(doc)
  return project(readCard(id, requireCard(doc, id), fields), fields, groupField(doc))
}

/** The SQL projection of every card of the board, reading the fields once. */
export function boardProjection(doc: Y.Doc): CardProjection[] {
  const fields = fieldList(doc)
  const group = groupField(doc)
  const cards: CardProjection[] = []
  for (const [id, card] of cardsOf(doc).entries()) {
    if (card instanceof Y.Map) cards.push(project(readCard(id, card, fields), fields, group))
  }
  return cards
}

import type { CardJson, FieldJson, FieldType, ViewJson } from '../../boards/document/index.js'
import { groupCards, queryCards } from './viewQuery.js'

/** A table column: the card title first, then each shown field. */
export interface TableColumn {
  /** `title`, or the field's id. */
  id: string
  name: string
  field: FieldJson | null
  width: number
}

/** One line of the table body: a group's header or a card's row. */
export type TableLine =
  | {
      kind: 'group'
      key: string
      id: string | null
      label: string
      color: string | null
      count: number
    }
  | { kind: 'card'; key: string; card: CardJson }

export const ROW_HEIGHT = 36
export const TITLE_WIDTH = 280
export const FIELD_WIDTH = 180

/** The table's columns for a view: the title, then the fields not hidden, at their widths. */
export function tableColumns(fields: FieldJson[], view: ViewJson | null): TableColumn[] {
  const hidden = new Set(view?.hiddenFields ?? [])
  return [
    { id: 'title', name: 'Title', field: null, width: TITLE_WIDTH },
    ...fields
      .filter((field) => !hidden.has(field.id))
      .map((field) => ({
        id: field.id,
        name: field.name,
        field,
        width: view?.widths[field.id] ?? FIELD_WIDTH,
      })),
  ]
}

/**
 * The table body of a view: the open cards that pass its filters, in its sort order, under a
 * header per option of its group field when it has one (each group in the same order).
 */
export function tableLines(
  cards: Iterable<CardJson>,
  fields: FieldJson[],
  view: ViewJson | null,
  nameOf: (userId: string) => string
): TableLine[] {
  const rows = queryCards(cards, view ?? { filters: [], sort: [] }, fields, nameOf)
  const group = view?.groupBy ? fields.find((field) => field.id === view.groupBy) : undefined
  const asLine = (card: CardJson): TableLine => ({ kind: 'card', key: card.id, card })
  if (group?.type !== 'select') return rows.map(asLine)
  return groupCards(rows, group).flatMap((entry) => [
    {
      kind: 'group' as const,
      key: `group:${entry.id ?? 'none'}`,
      id: entry.id,
      label: entry.label,
      color: entry.color,
      count: entry.cards.length,
    },
    ...entry.cards.map(asLine),
  ])
}

/** Where focus goes in the grid on a key: rows are card lines, columns their cells. */
export function gridStep(
  lines: TableLine[],
  at: { line: number; column: number },
  key: string,
  columns: number,
  page = 10
): { line: number; column: number } | null {
  const cards = lines.flatMap((line, index) => (line.kind === 'card' ? [index] : []))
  if (!cards.length) return null
  const here = Math.max(
    0,
    cards.findIndex((index) => index >= at.line)
  )
  const rowAt = (row: number) => cards[Math.max(0, Math.min(cards.length - 1, row))]
  switch (key) {
    case 'ArrowDown':
      return { line: rowAt(here + 1), column: at.column }
    case 'ArrowUp':
      return { line: rowAt(here - 1), column: at.column }
    case 'PageDown':
      return { line: rowAt(here + page), column: at.column }
    case 'PageUp':
      return { line: rowAt(here - page), column: at.column }
    case 'ArrowRight':
      return { line: at.line, column: Math.min(columns - 1, at.column + 1) }
    case 'ArrowLeft':
      return { line: at.line, column: Math.max(0, at.column - 1) }
    case 'Home':
      return { line: at.line, column: 0 }
    case 'End':
      return { line: at.line, column: columns - 1 }
  }
  return null
}

/** Names of the property types, as the "add a property" form offers them. */
export const TYPE_NAMES: Record<FieldType, string> = {
  text: 'Text',
  number: 'Number',
  select: 'Select',
  multi_select: 'Multi-select',
  person: 'Person',
  date: 'Date',
  checkbox: 'Checkbox',
  url: 'URL',
  created_at: 'Created time',
  created_by: 'Created by',
  updated_at: 'Last edited time',
  updated_by: 'Last edited by',
}

import type * as Y from 'yjs'
import {
  byPosition,
  cardJson,
  cardsOf,
  dueDateField,
  fieldList,
  groupField,
  type CardJson,
  type FieldJson,
  type OptionColor,
  type ViewFilter,
  type ViewJson,
} from '../../boards/document/index.js'
import { touchedCards } from './readModel.js'
import { matches } from './viewQuery.js'

/** What a calendar chip shows of a card: light, like the kanban's card fronts. */
export interface CalendarCard {
  id: string
  title: string
  position: string
  /** The stored date: `YYYY-MM-DD`, an ISO date-time, or null. */
  value: string | null
  /** The viewer's local day the value falls on (`YYYY-MM-DD`), or null when undated. */
  day: string | null
  /** Minutes after local midnight for a date-time, null for a plain date. */
  minutes: number | null
  /** The colour of the card's column (its group option), for a dot on the chip. */
  color: OptionColor | null
}

export interface CalendarModel {
  /** The date field cards are placed by, or null when the board has none. */
  field: FieldJson | null
  /** The fields a calendar may be placed by, in field order. */
  dateFields: FieldJson[]
  /** False for created/updated fields: their values are filled in, never moved. */
  movable: boolean
  /** Dated cards by local day, each day's cards by time (plain dates first), then position. */
  days: Map<string, CalendarCard[]>
  /** Open cards without a date, in (position, id) order. */
  undated: CalendarCard[]
}

const DATE_TYPES = new Set(['date', 'created_at', 'updated_at'])
const DAY = /^\d{4}-\d{2}-\d{2}$/

const pad = (value: number) => String(value).padStart(2, '0')

/** The `YYYY-MM-DD` of a local Date. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** A `YYYY-MM-DD` as the local Date at its midnight. */
export function dayDate(day: string): Date {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(year, month - 1, date)
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  const date = dayDate(day)
  date.setDate(date.getDate() + count)
  return dayKey(date)
}

/** Where a stored date falls for this viewer: its local day, and time of day if it has one. */
export function placeOf(value: string): { day: string; minutes: number | null } | null {
  if (DAY.test(value)) return { day: value, minutes: null }
  const at = new Date(value)
  if (Number.isNaN(at.getTime())) return null
  return { day: dayKey(at), minutes: at.getHours() * 60 + at.getMinutes() }
}

/**
 * The value a card dropped on `day` gets: the day itself, or for a date-time the same local
 * time of day on the new day (as an ISO date-time, which the document stores in UTC).
 */
export function rescheduled(value: string | null, day: string): string {
  if (value === null || DAY.test(value)) return day
  const at = new Date(value)
  if (Number.isNaN(at.getTime())) return day
  const moved = dayDate(day)
  moved.setHours(at.getHours(), at.getMinutes(), at.getSeconds(), at.getMilliseconds())
  return moved.toISOString()
}

/** The date field a calendar view places cards by: its own, else the board's due date. */
export function calendarField(fields: FieldJson[], view: ViewJson | null): FieldJson | null {
  const own = view?.dateField ? fields.find((field) => field.id === view.dateField) : undefined
  if (own && DATE_TYPES.has(own.type)) return own
  return dueDateField(fields)
}

function chipOf(card: CardJson, field: FieldJson | null, group: FieldJson | null): CalendarCard {
  const raw = field ? card.values[field.id] : null
  const value = typeof raw === 'string' ? raw : null
  const place = value ? placeOf(value) : null
  const option = group ? card.values[group.id] : null
  return {
    id: card.id,
    title: card.title,
    position: card.position,
    value: place ? value : null,
    day: place?.day ?? null,
    minutes: place?.minutes ?? null,
    color: group?.options?.find((entry) => entry.id === option)?.color ?? null,
  }
}

const byTime = (a: CalendarCard, b: CalendarCard) =>
  (a.minutes ?? -1) - (b.minutes ?? -1) || byPosition(a, b)

/**
 * The calendar read model of a board document for one view, kept up to date like the kanban's
 * (readModel.ts): chips are cached by card id and only the cards a transaction touched are
 * read again; a change of fields, views or meta reads them all on the next `model()`.
 */
export class CalendarReader {
  #chips = new Map<string, CalendarCard>()
  #field: FieldJson | null = null
  #group: FieldJson | null = null
  #fields: FieldJson[] = []
  #byId = new Map<string, FieldJson>()
  #filters: ViewFilter[] = []
  #stale = true

  constructor(
    readonly doc: Y.Doc,
    readonly view: () => ViewJson | null
  ) {}

  /** Notes what a transaction changed (the events of `cards.observeDeep`). */
  changed(events: Array<Y.YEvent<any>>) {
    if (this.#stale) return
    for (const id of touchedCards(this.doc, events)) this.#refresh(id)
  }

  /** Everything is read again on the next `model()` (fields, views or meta changed). */
  invalidate() {
    this.#stale = true
  }

  #refresh(id: string) {
    if (!cardsOf(this.doc).get(id)) {
      this.#chips.delete(id)
      return
    }
    const card = cardJson(this.doc, id)
    // The view's filters hold on the calendar too, as on the kanban and the table.
    if (card.archived || !matches(card, this.#filters, this.#byId)) this.#chips.delete(id)
    else this.#chips.set(id, chipOf(card, this.#field, this.#group))
  }

  model(): CalendarModel {
    if (this.#stale) {
      this.#fields = fieldList(this.doc)
      this.#byId = new Map(this.#fields.map((field) => [field.id, field]))
      this.#filters = this.view()?.filters ?? []
      this.#field = calendarField(this.#fields, this.view())
      this.#group = groupField(this.doc)
      this.#chips.clear()
      for (const id of cardsOf(this.doc).keys()) this.#refresh(id)
      this.#stale = false
    }
    const days = new Map<string, CalendarCard[]>()
    const undated: CalendarCard[] = []
    for (const chip of this.#chips.values()) {
      if (chip.day === null) undated.push(chip)
      else if (days.has(chip.day)) days.get(chip.day)!.push(chip)
      else days.set(chip.day, [chip])
    }
    for (const list of days.values()) list.sort(byTime)
    return {
      field: this.#field,
      dateFields: this.#fields.filter((field) => DATE_TYPES.has(field.type)),
      movable: this.#field?.type === 'date',
      days,
      undated: undated.sort(byPosition),
    }
  }
}

/** The calendar model of a document for a view at once (tests, and a first render). */
export function readCalendar(doc: Y.Doc, view: ViewJson | null): CalendarModel {
  return new CalendarReader(doc, () => view).model()
}

/**
 * The first day of the week for a locale, 1 (Monday) to 7 (Sunday), from Intl.Locale's week
 * information where the browser has it, else Monday.
 */
export function weekStartOf(locale: string): number {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number }
      weekInfo?: { firstDay: number }
    }
    const firstDay = info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay
    return firstDay && firstDay >= 1 && firstDay <= 7 ? firstDay : 1
  } catch {
    return 1
  }
}

/** The first day of the week holding `day`, for a week starting on `weekStart` (1–7). */
export function weekOf(day: string, weekStart: number): string {
  const weekday = dayDate(day).getDay() || 7
  return addDays(day, -((weekday - weekStart + 7) % 7))
}

/** The seven days of the week holding `day`. */
export function weekDays(day: string, weekStart: number): string[] {
  const first = weekOf(day, weekStart)
  return Array.from({ length: 7 }, (_, index) => addDays(first, index))
}

/** The weeks a month grid shows for the month holding `day`: whole weeks, 4 to 6 of them. */
export function monthWeeks(day: string, weekStart: number): string[][] {
  const first = `${day.slice(0, 8)}01`
  const month = first.slice(0, 7)
  const weeks: string[][] = []
  let start = weekOf(first, weekStart)
  while (weeks.length === 0 || start.slice(0, 7) === month) {
    weeks.push(weekDays(start, weekStart))
    start = addDays(start, 7)
  }
  return weeks
}

/** The same day of the month `count` months on (clamped to the month's last day). */
export function addMonths(day: string, count: number): string {
  const date = dayDate(day)
  const target = new Date(date.getFullYear(), date.getMonth() + count, 1)
  const last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate()
  target.setDate(Math.min(date.getDate(), last))
  return dayKey(target)
}

/** The cards of each day from `from` to `to` (inclusive), empty days included. */
export function cardsByDay(model: CalendarModel, from: string, to: string) {
  const range = new Map<string, CalendarCard[]>()
  for (let day = from; day <= to; day = addDays(day, 1)) range.set(day, model.days.get(day) ?? [])
  return range
}

/** The card `cardId` wherever it is on the calendar, or null. */
export function findChip(model: CalendarModel, cardId: string): CalendarCard | null {
  for (const list of [model.undated, ...model.days.values()]) {
    const found = list.find((card) => card.id === cardId)
    if (found) return found
  }
  return null
}

/** The model as it looks while the keyboard holds `cardId` over `day` (null: the aside). */
export function previewMove(
  model: CalendarModel,
  cardId: string,
  day: string | null
): CalendarModel {
  const card = findChip(model, cardId)
  if (!card) return model
  const days = new Map(model.days)
  if (card.day !== null)
    days.set(
      card.day,
      days.get(card.day)!.filter((c) => c.id !== cardId)
    )
  const undated = model.undated.filter((entry) => entry.id !== cardId)
  if (day === null) undated.unshift(card)
  else days.set(day, [...(days.get(day) ?? []), card].sort(byTime))
  return { ...model, days, undated }
}

const longDay = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})

/** A day as people read it, in their language: "Tuesday, 8 December 2026". */
export function dayLabel(day: string): string {
  return longDay.format(dayDate(day))
}

/** The heading of the range shown: "December 2026", or a week as "7 – 13 Dec 2026". */
export function rangeTitle(mode: 'month' | 'week', anchor: string, weekStart: number): string {
  if (mode === 'month') {
    const format = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' })
    return format.format(dayDate(anchor))
  }
  const days = weekDays(anchor, weekStart)
  const format = new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
  return format.formatRange(dayDate(days[0]), dayDate(days[6]))
}

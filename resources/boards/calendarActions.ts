import type { InjectionKey } from 'vue'

/**
 * What a calendar day or the "No date" aside may ask of its calendar. Writes go to the
 * document (boards/document/) and the calendar re-renders from it; a refused change answers
 * with the reason to show.
 */
export interface CalendarActions {
  /** Cards can be moved and added: the person may edit and the dates are not computed ones. */
  editable: () => boolean
  /** The card being dragged by mouse or finger, shown faded in its place. */
  draggingId: () => string | null
  /** The card held by the keyboard, shown dashed. */
  heldId: () => string | null
  /** Gives the card the day (null clears its date). */
  move: (cardId: string, day: string | null) => void
  add: (day: string, title: string) => string | null
  open: (cardId: string) => void
  /** A day as people read it: "Tuesday, 8 December 2026". */
  dayLabel: (day: string) => string
}

export const CALENDAR_ACTIONS: InjectionKey<CalendarActions> = Symbol('calendar actions')

import { nextTick, ref, type Ref } from 'vue'
import { addDays, dayLabel, findChip, type CalendarModel } from './calendarModel'

const STEPS: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }

/** A card held by the keyboard and the day it would land on (null: no date). */
export interface HeldChip {
  cardId: string
  day: string | null
}

interface Options {
  model: Ref<CalendarModel>
  canMove: Ref<boolean>
  /** The days on screen, and the day the range is built around (moved to follow the card). */
  range: Ref<string[]>
  anchor: Ref<string>
  today: Ref<string>
  announce: (text: string) => void
  move: (cardId: string, day: string | null) => void
  open: (cardId: string) => void
}

/**
 * The calendar's keyboard path for its cards: Enter opens the focused card; Space picks it up,
 * arrows move it a day or a week (the first arrow puts an undated card on today, and the range
 * shown follows the card), Delete to No date, Space drops it, Escape puts it back and shows the range it was in.
 * Nothing is written until the drop; each step is announced.
 */
export function useCalendarKeyboard(options: Options) {
  const held = ref<HeldChip | null>(null)
  /** The range shown when the card was picked up, shown again if the move is cancelled. */
  let shownAt = ''
  const titleOf = (cardId: string) =>
    findChip(options.model.value, cardId)?.title || 'Untitled card'

  async function focusCard(cardId: string) {
    // After the read model's render (a microtask queued by the change) and Vue's update.
    await new Promise<void>((resolve) => queueMicrotask(resolve))
    await nextTick()
    document.querySelector<HTMLElement>(`.calendar [data-card-id="${cardId}"] > .chip`)?.focus()
  }

  function pickUp(cardId: string) {
    const card = findChip(options.model.value, cardId)
    if (!card) return
    held.value = { cardId, day: card.day }
    shownAt = options.anchor.value
    const where = card.day ? dayLabel(card.day) : 'no date'
    options.announce(
      `Picked up ${titleOf(cardId)}: ${where}. Arrow keys move it a day or a week, Delete takes its date away, Space drops it, Escape cancels.`
    )
  }

  function step(cardId: string, key: string) {
    const { range, today, anchor } = options
    const from = held.value?.day
    const day = from
      ? addDays(from, STEPS[key])
      : range.value.includes(today.value)
        ? today.value
        : anchor.value
    held.value = { cardId, day }
    if (!range.value.includes(day)) anchor.value = day
    options.announce(dayLabel(day))
    void focusCard(cardId)
  }

  function drop() {
    const spot = held.value
    if (!spot) return
    held.value = null
    if (findChip(options.model.value, spot.cardId)?.day === spot.day) {
      options.announce(`${titleOf(spot.cardId)} stays where it was.`)
    } else {
      options.move(spot.cardId, spot.day)
    }
    void focusCard(spot.cardId)
  }

  function onKey(event: KeyboardEvent) {
    const target = event.target as HTMLElement
    const cardId = target.classList.contains('chip')
      ? target.closest<HTMLElement>('[data-card-id]')?.dataset.cardId
      : undefined
    if (!cardId) return
    if (event.key === 'Enter' && !held.value) {
      event.preventDefault()
      options.open(cardId)
      return
    }
    if (!options.canMove.value) return
    if (event.key === ' ') {
      event.preventDefault()
      if (held.value) drop()
      else pickUp(cardId)
    } else if (held.value && event.key in STEPS) {
      event.preventDefault()
      step(cardId, event.key)
    } else if (held.value && (event.key === 'Delete' || event.key === 'Backspace')) {
      event.preventDefault()
      held.value = { cardId, day: null }
      options.announce('No date')
      void focusCard(cardId)
    } else if (held.value && event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      held.value = null
      options.anchor.value = shownAt
      options.announce(`Move cancelled. ${titleOf(cardId)} is back in place.`)
      void focusCard(cardId)
    }
  }

  return { held, onKey }
}

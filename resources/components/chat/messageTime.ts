import { computed } from 'vue'
import { clockOptions } from '@/composables/clock'
import { useDisplayPrefs } from '@/composables/useDisplayPrefs'

const { timeFormat } = useDisplayPrefs()

/**
 * The clocks of the message rows, made once per time format for all of them: building an
 * Intl.DateTimeFormat costs far more than formatting with one, and the list mounts rows as
 * they scroll into view. Reading them in a render follows the format the person picks.
 */
const formats = computed(() => {
  const clock = clockOptions(timeFormat.value)
  return {
    time: new Intl.DateTimeFormat(undefined, clock),
    full: new Intl.DateTimeFormat(undefined, {
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      ...clock,
    }),
    dated: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', ...clock }),
  }
})

export const time = { format: (date: Date) => formats.value.time.format(date) }
export const full = { format: (date: Date) => formats.value.full.format(date) }
/** A short date with the clock, for lists of messages from many days (mentions). */
export const dated = { format: (date: Date) => formats.value.dated.format(date) }

/** The current clock formatter, for code that needs an Intl.DateTimeFormat itself. */
export const clock = () => formats.value.time

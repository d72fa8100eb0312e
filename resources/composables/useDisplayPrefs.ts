import { ref, watch } from 'vue'
import type { TimeFormat } from './clock'

/** How the message list spaces its rows. */
export type MessageDisplay = 'comfortable' | 'compact'

const DISPLAY_KEY = 'hearth.messageDisplay'
const TIME_KEY = 'hearth.timeFormat'

function read<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const value = localStorage.getItem(key) as T | null
  return value && allowed.includes(value) ? value : fallback
}

const display = ref<MessageDisplay>(read(DISPLAY_KEY, ['comfortable', 'compact'], 'comfortable'))
const timeFormat = ref<TimeFormat>(read(TIME_KEY, ['auto', '12', '24'], 'auto'))

watch(display, (value) => localStorage.setItem(DISPLAY_KEY, value))
watch(timeFormat, (value) => localStorage.setItem(TIME_KEY, value))

/**
 * This browser's display preferences (kept in localStorage, like the theme): message rows
 * compact or comfortable, and the clock's format.
 */
export function useDisplayPrefs() {
  return { display, timeFormat }
}

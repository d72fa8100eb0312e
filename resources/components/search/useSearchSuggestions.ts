import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue'
import { ApiError } from '@/api/http'
import { peopleApi } from '@/api/people'
import type { User } from '@/api/types'
import { rankPeople } from '@/composables/autocomplete'
import { useChannelsStore } from '@/stores/channels'
import { useTeamsStore } from '@/stores/teams'
import {
  channelValues,
  dateValues,
  filterValues,
  operatorSuggestions,
  personValues,
  replaceToken,
  tokenAt,
  valueKind,
  type QuerySuggestion,
} from './searchQuery'

/** Keystrokes this close together make one people search. */
const SEARCH_DELAY_MS = 150

/**
 * What the search box offers for the word before its caret: operator names, then for
 * `from:` people (the sidebar's at once, the server's user search when it answers), for
 * `in:` the sidebar's channels, for dates a few days and the date picker, for `has:`/`is:`
 * their values. `active` is -1 while no row is chosen: Enter then searches.
 */
export function useSearchSuggestions(text: Ref<string>, caret: Ref<number>) {
  const channels = useChannelsStore()
  const teams = useTeamsStore()
  const active = ref(-1)
  const found = shallowRef(new Map<string, User[]>())
  let timer: ReturnType<typeof setTimeout> | null = null

  const token = computed(() => tokenAt(text.value, Math.min(caret.value, text.value.length)))

  const suggestions = computed<QuerySuggestion[]>(() => {
    const at = token.value
    switch (valueKind(at.name)) {
      case 'person': {
        const q = at.value.replace(/^@/, '').toLowerCase()
        const known = rankPeople(q, [...channels.people.values()])
        return personValues(found.value.get(peopleKey(q)) ?? known)
      }
      case 'channel':
        return channelValues(at.value, channels.named)
      case 'date':
        return dateValues(at.name!, at.value, new Date())
      case 'filter':
        return filterValues(at.name!, at.value)
      default:
        return at.name === null ? operatorSuggestions(at.value) : []
    }
  })

  /** A value being written: its first row is chosen, so Enter takes it. */
  watch(
    () => `${token.value.start}:${token.value.name}:${token.value.value}`,
    () => {
      const at = token.value
      // A value typed out in full: Enter searches rather than putting it in again.
      const typed = text.value.slice(at.start, at.end).toLowerCase()
      const whole = suggestions.value.some((entry) => entry.insert.trim().toLowerCase() === typed)
      active.value = at.name !== null && suggestions.value.length > 0 && !whole ? 0 : -1
      if (at.name === 'from' && at.value.replace(/^@/, '')) search(at.value.replace(/^@/, ''))
    }
  )

  const peopleKey = (q: string) => `${teams.current?.id ?? ''}:${q}`

  function search(q: string) {
    if (timer) clearTimeout(timer)
    const key = peopleKey(q.toLowerCase())
    if (found.value.has(key)) return
    const teamId = teams.current?.id
    timer = setTimeout(async () => {
      timer = null
      try {
        const { data } = await peopleApi.search(q.toLowerCase(), teamId, 8)
        found.value = new Map(found.value).set(key, data)
      } catch (error) {
        // The sidebar's people stay on offer.
        if (!(error instanceof ApiError)) throw error
      }
    }, SEARCH_DELAY_MS)
  }

  /** Moves the chosen row by `step`, wrapping; from none, down picks the first. */
  function move(step: 1 | -1) {
    const count = suggestions.value.length
    if (count === 0) return
    active.value = active.value < 0 && step < 0 ? count - 1 : (active.value + step + count) % count
  }

  /** The box's text with a suggestion in place of the token, and the caret after it. */
  function applied(suggestion: QuerySuggestion) {
    return replaceToken(text.value, token.value, suggestion.insert)
  }

  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
  })

  return { token, suggestions, active, move, applied }
}

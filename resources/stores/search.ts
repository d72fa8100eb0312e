import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '@/api/http'
import { searchApi, type SearchResult } from '@/api/search'

/**
 * The team's search: the box's text, the results panel (open, its pages, loading and
 * errors) and the quick switcher's visibility. `run(teamId, q)` searches; the box and the
 * shortcuts ask through `openSearch` and `openQuickSwitcher`.
 */
export const useSearchStore = defineStore('search', () => {
  /** What the box holds. */
  const text = ref('')
  /** Bumped to ask the box to take focus (a shortcut, `openSearch`). */
  const focusRequests = ref(0)
  const panelOpen = ref(false)
  const switcherOpen = ref(false)
  /**
   * Bumped by every Ctrl/Cmd+K: a press that lands between the dialog closing and its
   * `close` event (which the browser sends a task later) reopens it instead of being lost.
   */
  const switcherRequests = ref(0)
  /** The search the panel shows, as it was run. */
  const query = ref('')
  const teamId = ref<string | null>(null)
  const results = shallowRef<SearchResult[]>([])
  const next = ref<string | null>(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  const error = ref<string | null>(null)
  let asked = 0

  const ran = computed(() => query.value !== '' && !loading.value && error.value === null)

  /** Runs a search and opens the panel on its first page. */
  async function run(team: string, q: string) {
    const trimmed = q.trim()
    if (!trimmed) return
    const mine = ++asked
    teamId.value = team
    query.value = trimmed
    panelOpen.value = true
    loading.value = true
    error.value = null
    results.value = []
    next.value = null
    try {
      const page = await searchApi.search(team, trimmed)
      if (mine !== asked) return
      results.value = page.data
      next.value = page.next
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure
      if (mine === asked) error.value = failure.summary() ?? 'The search failed. Try again.'
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  /** The next page of the search on screen. */
  async function more() {
    if (!next.value || !teamId.value || loadingMore.value) return
    const mine = asked
    loadingMore.value = true
    try {
      const page = await searchApi.search(teamId.value, query.value, next.value)
      if (mine !== asked) return
      results.value = [...results.value, ...page.data]
      next.value = page.next
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure
      if (mine === asked) error.value = failure.summary() ?? 'More results could not be loaded.'
    } finally {
      loadingMore.value = false
    }
  }

  function closePanel() {
    asked += 1
    panelOpen.value = false
    loading.value = false
  }

  /** Another team opened: its search starts afresh. */
  function reset() {
    closePanel()
    text.value = ''
    query.value = ''
    results.value = []
    next.value = null
    error.value = null
    switcherOpen.value = false
  }

  return {
    text,
    focusRequests,
    panelOpen,
    switcherOpen,
    switcherRequests,
    query,
    teamId,
    results,
    next,
    loading,
    loadingMore,
    error,
    ran,
    run,
    more,
    closePanel,
    reset,
  }
})

/**
 * Puts the focus in the search box, with `query` in it when given (for the app's shortcut
 * registry and for links such as "search for this").
 */
export function openSearch(query?: string) {
  const search = useSearchStore()
  if (query !== undefined) search.text = query
  search.focusRequests += 1
}

/** Opens the quick switcher (Ctrl/Cmd+K). */
export function openQuickSwitcher() {
  const search = useSearchStore()
  search.switcherOpen = true
  search.switcherRequests += 1
}

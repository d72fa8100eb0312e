import { computed, onBeforeUnmount, ref, shallowRef, useId, watch, type Ref } from 'vue'
import { commandsApi } from '@/api/commands'
import { ApiError } from '@/api/http'
import { peopleApi } from '@/api/people'
import type { User } from '@/api/types'
import { useChannelsStore } from '@/stores/channels'
import { useTeamsStore } from '@/stores/teams'
import {
  channelSuggestions,
  commandSuggestions,
  emojiSuggestions,
  findToken,
  personSuggestions,
  rankPeople,
  replaceToken,
  type Command,
  type Suggestion,
  type Token,
} from './autocomplete'
import { useEmoji } from './useEmoji'

/** Keystrokes this close together make one people search. */
const SEARCH_DELAY_MS = 150

/** The server's commands, read once per page and shared by every composer. */
const commands = shallowRef<Command[] | null>(null)
let commandsLoading: Promise<void> | null = null

function loadCommands() {
  commandsLoading ??= commandsApi
    .list()
    .then((page) => {
      commands.value = page.data
    })
    .catch((error) => {
      commandsLoading = null
      if (!(error instanceof ApiError)) throw error
    })
  return commandsLoading
}

/**
 * The composer's suggestions for the token before the caret: `@people` (the server's search
 * in the open team, the sidebar's people meanwhile), `~channels` of the sidebar, `:emoji:`
 * (the set loads on the first emoji token) and `/commands`. The textarea reports its caret
 * with `update()` and hands its keys to `onKeydown` first; ARIA ids for the combobox.
 */
export function useAutocomplete(
  text: Ref<string>,
  field: Ref<HTMLTextAreaElement | null>,
  options: { commands: () => boolean }
) {
  const channels = useChannelsStore()
  const teams = useTeamsStore()
  const emoji = useEmoji()
  const listId = useId()
  const caret = ref(0)
  const active = ref(0)
  /** The token Escape closed the popup on; it opens again once the token changes. */
  const dismissed = ref<string | null>(null)
  const found = shallowRef(new Map<string, User[]>())
  let searchTimer: ReturnType<typeof setTimeout> | null = null

  const token = computed<Token | null>(() => {
    const at = findToken(text.value, Math.min(caret.value, text.value.length))
    if (at?.trigger === '/' && !options.commands()) return null
    return at
  })
  const key = computed(() => (token.value ? `${token.value.start}:${token.value.query}` : null))

  const suggestions = computed<Suggestion[]>(() => {
    const at = token.value
    if (!at) return []
    switch (at.trigger) {
      case '@': {
        const people = found.value.get(searchKey(at.query))
        const known = [...channels.people.values()]
        return personSuggestions(at.query, people ?? rankPeople(at.query, known))
      }
      case '~':
        return channelSuggestions(at.query, channels.named)
      case ':':
        return emojiSuggestions(at.query, emoji.entries.value ?? [])
      case '/':
        return commandSuggestions(at.query, commands.value ?? [])
      default:
        return []
    }
  })

  const open = computed(() => suggestions.value.length > 0 && dismissed.value !== key.value)
  const optionId = (index: number) => `${listId}-${index}`
  const activeId = computed(() => (open.value ? optionId(active.value) : undefined))

  watch(key, () => {
    active.value = 0
    dismissed.value = null
    const at = token.value
    if (at?.trigger === ':') void emoji.ensure()
    if (at?.trigger === '/') void loadCommands()
    if (at?.trigger === '@' && at.query) search(at.query)
  })

  /** Answers are kept per team and query while the composer lives. */
  const searchKey = (query: string) => `${teams.current?.id ?? ''}:${query.toLowerCase()}`

  function search(query: string) {
    if (searchTimer) clearTimeout(searchTimer)
    const asked = searchKey(query)
    if (found.value.has(asked)) return
    const teamId = teams.current?.id
    searchTimer = setTimeout(async () => {
      searchTimer = null
      try {
        const { data } = await peopleApi.search(query.toLowerCase(), teamId, 8)
        found.value = new Map(found.value).set(asked, data)
      } catch (error) {
        // The sidebar's people stay on offer.
        if (!(error instanceof ApiError)) throw error
      }
    }, SEARCH_DELAY_MS)
  }

  /** Reads the caret after input, a click or a key that moves it. */
  function update() {
    caret.value = field.value?.selectionStart ?? text.value.length
  }

  function choose(index: number) {
    const at = token.value
    const suggestion = suggestions.value[index]
    if (!at || !suggestion) return
    const next = replaceToken(text.value, at, suggestion.insert)
    text.value = next.text
    caret.value = next.caret
    const element = field.value
    if (!element) return
    // After Vue has written the new value into the textarea.
    queueMicrotask(() => {
      element.focus()
      element.setSelectionRange(next.caret, next.caret)
    })
  }

  /** A command typed out in full: Enter runs it rather than inserting what is already there. */
  function typedInFull() {
    const at = token.value
    const suggestion = suggestions.value[active.value]
    return at?.trigger === '/' && suggestion?.insert.trim() === text.value.trim()
  }

  /** Keys for the open popup; true when it took the key (the composer then does nothing). */
  function onKeydown(event: KeyboardEvent) {
    if (!open.value || event.isComposing) return false
    if (event.key === 'Enter' && typedInFull()) return false
    const count = suggestions.value.length
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      active.value = (active.value + (event.key === 'ArrowDown' ? 1 : -1) + count) % count
    } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      choose(active.value)
    } else if (event.key === 'Escape') {
      dismissed.value = key.value
    } else return false
    event.preventDefault()
    return true
  }

  onBeforeUnmount(() => {
    if (searchTimer) clearTimeout(searchTimer)
  })

  return {
    suggestions,
    open,
    active,
    listId,
    activeId,
    optionId,
    update,
    choose,
    onKeydown,
    close: () => (dismissed.value = key.value),
  }
}

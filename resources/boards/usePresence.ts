import { computed, onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import type { Awareness } from 'y-protocols/awareness'

/** One person on the board, once however many tabs they have open. */
export interface Present {
  userId: string
  name: string
  color: string
  /** The cards they have open (one per tab), and whether they edit one of them now. */
  cards: Set<string>
  editing: Set<string>
}

export type State = {
  user?: { id?: unknown; name?: unknown; username?: unknown; color?: unknown }
  card?: unknown
  editing?: unknown
}

/**
 * The people in a board's awareness states, each once however many tabs (client ids) they
 * have, by name: this tab and `me`'s other tabs left out, states without a server-written
 * user id ignored.
 */
export function peopleOf(states: Map<number, State>, selfClientId: number, me: string) {
  const byUser = new Map<string, Present>()
  for (const [clientId, state] of states) {
    const user = state.user
    if (clientId === selfClientId || typeof user?.id !== 'string' || user.id === me) continue
    const person = byUser.get(user.id) ?? {
      userId: user.id,
      name: typeof user.name === 'string' && user.name ? user.name : 'Someone',
      color: typeof user.color === 'string' ? user.color : '',
      cards: new Set<string>(),
      editing: new Set<string>(),
    }
    if (typeof state.card === 'string') {
      person.cards.add(state.card)
      if (state.editing === true) person.editing.add(state.card)
    }
    byUser.set(user.id, person)
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Who else is on the board, from the provider's awareness (the `user` the server wrote:
 * `{ id, username, name, color }`, docs/boards.md "Awareness"), one entry per person, me
 * left out; kept up to date as states change.
 */
export function usePresence(board: Ref<{ awareness: Awareness } | null>, me: string) {
  const people = shallowRef<Present[]>([])
  const stop = watch(
    board,
    (open, _before, onCleanup) => {
      people.value = []
      if (!open) return
      const read = () => {
        people.value = peopleOf(
          open.awareness.getStates() as Map<number, State>,
          open.awareness.clientID,
          me
        )
      }
      read()
      open.awareness.on('change', read)
      onCleanup(() => open.awareness.off('change', read))
    },
    { immediate: true }
  )
  onScopeDispose(stop)
  return people
}

/** The people who have card `cardId` open, from `usePresence`'s list. */
export function viewersOf(people: Ref<Present[]>, cardId: Ref<string | null>) {
  return computed(() =>
    cardId.value ? people.value.filter((person) => person.cards.has(cardId.value!)) : []
  )
}

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi, type SignupInput } from '@/api/auth'
import { ApiError } from '@/api/http'
import type { Me, Team, User } from '@/api/types'
import { clearBoardCopies } from '@/boards/offlineCopies'

/** Why the person was signed out without asking: shown on its own page. */
export type SessionEnd = 'expired' | 'deactivated'

/** Remembers across reloads that this browser had a session, to tell "expired" from "never". */
const HAD_SESSION = 'hearth.hadSession'

/**
 * Who is signed in. Call `load()` once before routing; sign-up, login and logout go
 * through here so every screen agrees on the session.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<Me | null>(null)
  const loaded = ref(false)
  const ended = ref<SessionEnd | null>(null)
  /** The server could not be asked who is signed in (down, or failing): nothing can load. */
  const unreachable = ref(false)

  const signedIn = computed(() => user.value !== null)

  function start(me: Me) {
    user.value = me
    ended.value = null
    localStorage.setItem(HAD_SESSION, '1')
  }

  async function load() {
    unreachable.value = false
    try {
      start(await authApi.me())
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (error.status !== 401) {
        unreachable.value = true
        return
      }
      user.value = null
      if (error.code === 'account_deactivated') ended.value = 'deactivated'
      else if (localStorage.getItem(HAD_SESSION)) ended.value = 'expired'
      localStorage.removeItem(HAD_SESSION)
    } finally {
      loaded.value = !unreachable.value
    }
  }

  async function login(name: string, password: string) {
    const { user: me } = await authApi.login(name, password)
    start(me)
  }

  async function signup(input: SignupInput): Promise<Team | null> {
    const { user: me, team } = await authApi.signup(input)
    start(me)
    return team
  }

  async function logout() {
    try {
      await authApi.logout()
    } catch (error) {
      // Already signed out on the server: the outcome the person asked for.
      if (!(error instanceof ApiError) || error.status !== 401) throw error
    }
    forget(null)
  }

  /** The server refused the session mid-use (401): end it here too and say why. */
  function lose(error: ApiError) {
    if (!user.value) return
    forget(error.code === 'account_deactivated' ? 'deactivated' : 'expired')
  }

  /** The signed-in user's names changed (in another tab or device). */
  function renamed(changed: User) {
    if (user.value?.id !== changed.id) return
    user.value = { ...user.value, username: changed.username, displayName: changed.displayName }
  }

  function forget(reason: SessionEnd | null) {
    user.value = null
    // Boards kept for offline use go with the session: the next person here must not read them.
    clearBoardCopies()
    ended.value = reason
    // Kept after a refused session, so a reload still says why the person is signed out.
    if (reason === null) localStorage.removeItem(HAD_SESSION)
  }

  return { user, loaded, ended, unreachable, signedIn, load, login, signup, logout, lose, renamed }
})

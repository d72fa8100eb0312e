import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { teamsApi } from '@/api/teams'
import type { Team } from '@/api/types'

const LAST_TEAM = 'hearth.lastTeam'

/**
 * The signed-in person's teams and which one is open. `load()` after sign-in; the team
 * switcher and the first-run screen read from here.
 */
export const useTeamsStore = defineStore('teams', () => {
  const teams = ref<Team[]>([])
  const loaded = ref(false)
  const currentId = ref<string | null>(null)

  const current = computed(() => teams.value.find((team) => team.id === currentId.value) ?? null)

  async function load() {
    const page = await teamsApi.list()
    teams.value = page.data
    loaded.value = true
  }

  function keep(team: Team) {
    const others = teams.value.filter((known) => known.id !== team.id)
    teams.value = [...others, team].sort((a, b) => a.name.localeCompare(b.name))
    return team
  }

  async function create(name: string) {
    return keep(await teamsApi.create(name))
  }

  async function join(invite: string) {
    return keep(await teamsApi.join(invite))
  }

  async function newInvite(teamId: string) {
    return keep(await teamsApi.newInvite(teamId))
  }

  function open(teamId: string) {
    currentId.value = teamId
    localStorage.setItem(LAST_TEAM, teamId)
  }

  /** The team to land in: the last one opened, else the first. */
  function landing() {
    const last = localStorage.getItem(LAST_TEAM)
    return teams.value.find((team) => team.id === last) ?? teams.value[0] ?? null
  }

  function reset() {
    teams.value = []
    loaded.value = false
    currentId.value = null
  }

  return { teams, loaded, currentId, current, load, create, join, newInvite, open, landing, reset }
})

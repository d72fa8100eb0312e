import { ref, watch } from 'vue'

export type ThemeChoice = 'system' | 'light' | 'dark'

const STORAGE_KEY = 'hearth.theme'
const dark = window.matchMedia('(prefers-color-scheme: dark)')

function stored(): ThemeChoice {
  const value = localStorage.getItem(STORAGE_KEY)
  return value === 'light' || value === 'dark' ? value : 'system'
}

const choice = ref<ThemeChoice>(stored())

function apply() {
  const theme = choice.value === 'system' ? (dark.matches ? 'dark' : 'light') : choice.value
  document.documentElement.dataset.theme = theme
}

dark.addEventListener('change', apply)
watch(choice, (value) => {
  if (value === 'system') localStorage.removeItem(STORAGE_KEY)
  else localStorage.setItem(STORAGE_KEY, value)
  apply()
})

/**
 * The colour theme: the system's unless the person picks one, kept in this browser.
 * main.ts calls `applyTheme()` before mounting so the first paint has the right colours.
 */
export function useTheme() {
  return { choice }
}

export { apply as applyTheme }

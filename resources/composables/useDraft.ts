import { ref, watch, type Ref } from 'vue'

const PREFIX = 'hearth.draft.'

/**
 * The text being typed in a channel's composer, kept in localStorage per channel (and per
 * thread when given), so a switch or a reload never loses it.
 */
export function useDraft(key: Ref<string>) {
  const text = ref(localStorage.getItem(PREFIX + key.value) ?? '')
  watch(key, (next) => {
    text.value = localStorage.getItem(PREFIX + next) ?? ''
  })
  watch(text, (value) => {
    if (value.trim()) localStorage.setItem(PREFIX + key.value, value)
    else localStorage.removeItem(PREFIX + key.value)
  })
  return text
}

import { reactive, ref } from 'vue'
import { ApiError } from '@/api/http'

/**
 * A form that submits to the API: `submitting` while it runs, the server's field errors by
 * input name (shown next to the inputs) and the rest as one message above them.
 */
export function useForm<Field extends string>(fields: readonly Field[]) {
  const submitting = ref(false)
  const message = ref<string | null>(null)
  const errors = ref<Partial<Record<Field, string>>>({})

  function clear() {
    message.value = null
    errors.value = {}
  }

  async function submit(action: () => Promise<unknown>) {
    if (submitting.value) return false
    clear()
    submitting.value = true
    try {
      await action()
      return true
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const byField = error.fieldErrors()
      const shown: Partial<Record<Field, string>> = {}
      for (const field of fields) if (byField[field]) shown[field] = byField[field]
      errors.value = shown
      message.value = error.summary(fields)
      return false
    } finally {
      submitting.value = false
    }
  }

  return reactive({ submitting, message, errors, submit, clear })
}

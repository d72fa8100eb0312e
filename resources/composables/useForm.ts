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
  /** The refusal itself, for a form that acts on its code. */
  const refusal = ref<ApiError | null>(null)

  function clear() {
    message.value = null
    errors.value = {}
    refusal.value = null
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
      refusal.value = error
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

  return reactive({ submitting, message, errors, refusal, submit, clear })
}

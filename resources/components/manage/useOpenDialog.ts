import { onMounted, useTemplateRef } from 'vue'
import type UiDialog from '@/components/ui/UiDialog.vue'

/**
 * A management dialog is mounted when asked for: its `ref="dialog"` UiDialog opens at once,
 * and `close()` ends it.
 */
export function useOpenDialog() {
  const dialog = useTemplateRef<InstanceType<typeof UiDialog>>('dialog')
  onMounted(() => dialog.value?.show())
  return { close: () => dialog.value?.close() }
}

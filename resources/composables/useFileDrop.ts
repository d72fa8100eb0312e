import { ref } from 'vue'

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false

/**
 * Files dragged from the desktop onto an element (bind `handlers` with `v-on`): `dragging`
 * is true while they hover it, for a highlight, and a drop hands them to `onFiles`. Drags of
 * anything else (text, links) are left to the browser.
 */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const dragging = ref(false)
  // dragenter and dragleave fire for every child crossed: count them to know when it left.
  let depth = 0

  const handlers = {
    dragenter(event: DragEvent) {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth += 1
      dragging.value = true
    },
    dragover(event: DragEvent) {
      if (!carriesFiles(event)) return
      event.preventDefault()
      event.dataTransfer!.dropEffect = 'copy'
    },
    dragleave(event: DragEvent) {
      if (!carriesFiles(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) dragging.value = false
    },
    drop(event: DragEvent) {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth = 0
      dragging.value = false
      onFiles([...event.dataTransfer!.files])
    },
  }

  return { dragging, handlers }
}

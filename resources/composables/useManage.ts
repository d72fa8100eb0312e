import { ref, shallowRef } from 'vue'
import type { Channel } from '@/api/types'

/** The management dialog on screen (the shell mounts them, in a chunk of their own). */
export type ManageDialog =
  | { kind: 'channel-create' }
  | { kind: 'channel-browse' }
  | { kind: 'channel-settings'; channel: Channel }
  | { kind: 'channel-members'; channel: Channel }
  | { kind: 'channel-notifications'; channel: Channel }
  | { kind: 'channel-leave'; channel: Channel }
  | { kind: 'team-settings' }
  | { kind: 'team-members' }
  | { kind: 'team-leave' }

const dialog = shallowRef<ManageDialog | null>(null)
/** Counts changes to a channel's members made here, for the header's member count. */
const membersChanged = ref(0)
let returnTo: HTMLElement | null = null

/**
 * Opens and closes the team and channel management dialogs from any menu; focus goes back
 * to the control that opened one when it closes.
 */
export function useManage() {
  function open(next: ManageDialog, from?: HTMLElement | null) {
    returnTo = from ?? (document.activeElement as HTMLElement | null)
    dialog.value = next
  }

  function close() {
    dialog.value = null
    const target = returnTo
    returnTo = null
    if (target?.isConnected) target.focus()
  }

  return { dialog, membersChanged, open, close }
}

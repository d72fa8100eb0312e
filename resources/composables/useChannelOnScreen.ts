import { watch, type Ref } from 'vue'
import { channelsApi } from '@/api/channels'
import { ApiError, isSessionLoss } from '@/api/http'
import type { Channel, SidebarChannel } from '@/api/types'
import { useChannelsStore } from '@/stores/channels'
import { withChannelFields } from '@/stores/channelEvents'

/**
 * Keeps the channel view's own copy of a channel (one the sidebar does not list, a public one
 * not joined) in step with the stream, and reads the channel again when it leaves the sidebar
 * while on screen (the caller removed, or leaving): `unavailable` gets the refusal when the
 * caller can no longer see it. Used by the channel view.
 */
export function useChannelOnScreen(
  channelId: Ref<string>,
  listed: Ref<SidebarChannel | null>,
  fetched: Ref<Channel | null>,
  unavailable: (error: ApiError) => void
) {
  const channels = useChannelsStore()

  watch(
    () => channels.revised.get(channelId.value),
    (incoming) => {
      if (incoming && fetched.value) fetched.value = withChannelFields(fetched.value, incoming)
    }
  )

  watch(listed, async (now, before) => {
    const id = channelId.value
    if (now || before?.id !== id) return
    try {
      fetched.value = await channelsApi.get(id)
    } catch (error) {
      if (isSessionLoss(error) || id !== channelId.value) return
      if (!(error instanceof ApiError)) throw error
      channels.viewingId = null
      unavailable(error)
    }
  })
}

import { ref, watch, type Ref } from 'vue'
import { channelsApi } from '@/api/channels'
import { ApiError, isSessionLoss } from '@/api/http'

/** Someone a person property may name: a member of the board's channel. */
export interface BoardPerson {
  id: string
  name: string
}

/**
 * The members of the board's channel as `{ id, name }`, for person pickers and names (the
 * first 200; loaded again when the channel changes). Offline it stays empty: names fall back.
 */
export function useChannelPeople(channelId: Ref<string>) {
  const people = ref<BoardPerson[]>([])
  watch(
    channelId,
    async (id) => {
      people.value = []
      if (!id) return
      try {
        const page = await channelsApi.members(id)
        if (id !== channelId.value) return
        people.value = page.data
          .map((member) => ({ id: member.userId, name: member.displayName || member.username }))
          .sort((a, b) => a.name.localeCompare(b.name))
      } catch (error) {
        // Offline (a failed fetch) or refused: names fall back to "Someone".
        if (isSessionLoss(error)) return
        if (!(error instanceof ApiError) && !(error instanceof TypeError)) throw error
      }
    },
    { immediate: true }
  )
  return people
}

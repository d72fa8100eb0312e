import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { ApiError } from '@/api/http'
import { postsApi } from '@/api/posts'
import type { ChannelWindow } from '@/stores/posts'
import { useChannelsStore } from '@/stores/channels'

const SETTLE_MS = 400

/**
 * Marks the channel on screen read (`POST /channels/:id/read`) when it opens and as new
 * messages arrive, while the page is visible; the sidebar's counts follow at once.
 */
export function useReadState(channelId: Ref<string>, held: Ref<ChannelWindow | null>) {
  const channels = useChannelsStore()
  let timer: ReturnType<typeof setTimeout> | null = null

  function latestSeq() {
    const posts = held.value?.posts ?? []
    return posts[posts.length - 1]?.seq ?? 0
  }

  function schedule() {
    if (timer || document.visibilityState !== 'visible') return
    timer = setTimeout(() => {
      timer = null
      void markRead(channelId.value)
    }, SETTLE_MS)
  }

  async function markRead(id: string) {
    const channel = channels.byId(id)
    const seq = latestSeq()
    if (!channel || !held.value) return
    if (seq <= channel.membership.lastReadSeq && channel.unreadCount === 0) return
    channels.markedRead(id, seq)
    try {
      await postsApi.markRead(id, seq)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
    }
  }

  watch(() => [channelId.value, latestSeq(), Boolean(held.value)], schedule, { immediate: true })
  onMounted(() => document.addEventListener('visibilitychange', schedule))
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', schedule)
    if (timer) clearTimeout(timer)
  })
}

import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { ApiError } from '@/api/http'
import { postsApi } from '@/api/posts'
import { usePostsStore, type ChannelWindow } from '@/stores/posts'
import { useChannelsStore } from '@/stores/channels'

const SETTLE_MS = 400

/**
 * Marks the channel on screen read (`POST /channels/:id/read`) when it opens and as new
 * messages arrive, while the page is visible; the sidebar's counts follow at once. A channel
 * left before its mark settled is marked at once, up to what was on screen, so what was
 * seen never comes back as unread.
 */
export function useReadState(channelId: Ref<string>, held: Ref<ChannelWindow | null>) {
  const channels = useChannelsStore()
  const posts = usePostsStore()
  let timer: ReturnType<typeof setTimeout> | null = null
  /** The channel the pending mark is for. */
  let scheduledFor: string | null = null

  function latestSeq(window: ChannelWindow | null) {
    const shown = window?.posts ?? []
    return shown[shown.length - 1]?.seq ?? 0
  }

  function settle() {
    if (timer) clearTimeout(timer)
    timer = null
    const id = scheduledFor
    scheduledFor = null
    if (id) void markRead(id)
  }

  function schedule() {
    if (timer && scheduledFor !== channelId.value) settle()
    // Left the channel marked unread: it is read as usual from the next visit on.
    if (channels.heldUnread !== null && channels.heldUnread !== channelId.value)
      channels.heldUnread = null
    if (timer || document.visibilityState !== 'visible' || !held.value) return
    scheduledFor = channelId.value
    timer = setTimeout(settle, SETTLE_MS)
  }

  async function markRead(id: string) {
    const channel = channels.byId(id)
    const window = posts.windowOf(id)
    const seq = latestSeq(window)
    // Marked unread, or away from the latest messages (a permalink): not read now.
    if (!channel || !window || window.newer !== null || channels.heldUnread === id) return
    if (seq <= channel.membership.lastReadSeq && channel.unreadCount === 0) return
    channels.markedRead(id, seq)
    try {
      await postsApi.markRead(id, seq)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
    }
  }

  watch(() => [channelId.value, latestSeq(held.value), Boolean(held.value)], schedule, {
    immediate: true,
  })
  onMounted(() => document.addEventListener('visibilitychange', schedule))
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', schedule)
    settle()
  })

  /** Marks the channel read now (Escape), even one marked unread to be read later. */
  function readNow() {
    if (channels.heldUnread === channelId.value) channels.heldUnread = null
    if (timer) clearTimeout(timer)
    timer = null
    scheduledFor = null
    void markRead(channelId.value)
  }

  return { readNow }
}

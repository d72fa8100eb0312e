import { computed, ref, watchEffect } from 'vue'
import { useChannelsStore } from '@/stores/channels'

/** What the page is about (a channel, a team, a form), set by the view on screen. */
const base = ref('Hearth')
/** What waits (`(3) ` for mentions, `• ` for unread messages), while the shell counts it. */
const waiting = ref('')

function show() {
  document.title = waiting.value + base.value
}

/** Names the page: `<what> · Hearth`, or just Hearth. */
export function setPageTitle(what: string | null) {
  base.value = what ? `${what} · Hearth` : 'Hearth'
  show()
}

/**
 * The tab tells what waits, as Slack's does: `(3) …` for three mentions, `• …` for unread
 * messages in channels that are not muted, and the favicon gains a dot for either. Call once,
 * in the signed-in shell; the answer stops it, and the plain title and icon come back.
 */
export function useUnreadTitle() {
  const channels = useChannelsStore()
  const mentions = computed(() =>
    channels.channels.reduce((sum, channel) => sum + channel.mentionCount, 0)
  )
  const unread = computed(() =>
    channels.channels.some((channel) => !channel.membership?.muted && channel.unreadCount > 0)
  )
  const stop = watchEffect(() => {
    waiting.value = mentions.value > 0 ? `(${mentions.value}) ` : unread.value ? '• ' : ''
    setFavicon(waiting.value !== '')
    show()
  })
  return () => {
    stop()
    waiting.value = ''
    setFavicon(false)
    show()
  }
}

function setFavicon(dotted: boolean) {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
  const href = dotted ? '/favicon-unread.svg' : '/favicon.svg'
  if (link && link.getAttribute('href') !== href) link.setAttribute('href', href)
}

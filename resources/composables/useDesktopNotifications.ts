import { ref } from 'vue'
import type { Router } from 'vue-router'
import type { NotificationEvent } from '@/api/notifications'
import {
  SeenPosts,
  notificationContent,
  shouldAlert,
  type TabView,
} from '@/components/notifications/desktopDecision'
import { useNotificationSettings } from './useNotificationSettings'
import { useRealtime } from './useRealtime'

const BUS = 'hearth.notifications'
/** Remembered once the person answered or dismissed the prompt bar. */
const PROMPTED = 'hearth.notificationPrompt'

type BusMessage =
  | { kind: 'view'; tab: string; view: TabView }
  | { kind: 'gone'; tab: string }
  | { kind: 'ask-views' }

const tab = Math.random().toString(36).slice(2)
const supported = typeof window !== 'undefined' && 'Notification' in window
const permission = ref<NotificationPermission | 'unsupported'>(
  supported ? Notification.permission : 'unsupported'
)
/** The prompt bar is offered (after the person's first message here). */
const offered = ref(false)
const views = new Map<string, TabView>()
const seen = new SeenPosts()
let bus: BroadcastChannel | null = null
let viewing: () => string | null = () => null
let navigate: ((path: string) => void) | null = null

function ownView(): TabView {
  return {
    channelId: viewing(),
    focused: document.visibilityState === 'visible' && document.hasFocus(),
  }
}

function share() {
  views.set(tab, ownView())
  bus?.postMessage({ kind: 'view', tab, view: views.get(tab)! } satisfies BusMessage)
}

function onBus(event: MessageEvent<BusMessage>) {
  const message = event.data
  if (message.kind === 'view') views.set(message.tab, message.view)
  if (message.kind === 'gone') views.delete(message.tab)
  if (message.kind === 'ask-views') share()
}

function onLeave() {
  bus?.postMessage({ kind: 'gone', tab } satisfies BusMessage)
}

/** The post's address: its channel at the post, a reply with its thread open. */
export function postPath(event: NotificationEvent) {
  const { post, channel } = event
  const thread = post.rootId ? `&thread=${post.rootId}` : ''
  return `/teams/${channel.teamId}/channels/${post.channelId}?post=${post.id}${thread}`
}

/**
 * Browser notifications for `notification.created` events (docs/realtime.md): shown by the
 * leader tab only, so a post notifies once per browser, and not while a focused tab of the
 * browser shows its channel. The tabs tell each other what they show on a BroadcastChannel.
 * A click focuses the window and opens the post. Permission is asked only when the person
 * says so (the prompt bar after their first message, or the settings).
 */
export function useDesktopNotifications() {
  const realtime = useRealtime()
  const { settings } = useNotificationSettings()

  function start(router: Router, channelOnScreen: () => string | null) {
    viewing = channelOnScreen
    navigate = (path) => void router.push(path)
    if (bus || typeof BroadcastChannel === 'undefined') return
    bus = new BroadcastChannel(BUS)
    bus.addEventListener('message', onBus)
    for (const type of ['focus', 'blur']) window.addEventListener(type, share)
    document.addEventListener('visibilitychange', share)
    window.addEventListener('pagehide', onLeave)
    share()
    bus.postMessage({ kind: 'ask-views' } satisfies BusMessage)
  }

  function stop() {
    onLeave()
    for (const type of ['focus', 'blur']) window.removeEventListener(type, share)
    document.removeEventListener('visibilitychange', share)
    window.removeEventListener('pagehide', onLeave)
    bus?.close()
    bus = null
    views.clear()
  }

  /** A `notification.created` event reached this tab: show it if it is this tab's to show. */
  function receive(event: NotificationEvent) {
    if (!realtime.isLeader()) return
    if (supported) permission.value = Notification.permission
    views.set(tab, ownView())
    const context = {
      permission: permission.value,
      views: views.values(),
      seen,
      dndUntil: settings.value?.dndUntil ?? null,
      now: Date.now(),
    }
    if (!shouldAlert(event, context)) return
    seen.add(event.post.id)
    const { title, body, tag } = notificationContent(event)
    const shown = new Notification(title, { body, tag })
    const path = postPath(event)
    shown.addEventListener('click', () => {
      window.focus()
      navigate?.(path)
      shown.close()
    })
  }

  /** The route changed: other tabs learn which channel this one shows. */
  function viewChanged() {
    if (bus) share()
  }

  /** The person sent a message: offer the prompt bar, once, if permission was never asked. */
  function offer() {
    if (permission.value !== 'default' || localStorage.getItem(PROMPTED)) return
    offered.value = true
  }

  function dismiss() {
    offered.value = false
    localStorage.setItem(PROMPTED, '1')
  }

  async function ask() {
    if (!supported) return permission.value
    permission.value = await Notification.requestPermission()
    dismiss()
    return permission.value
  }

  return { permission, offered, start, stop, receive, viewChanged, offer, dismiss, ask }
}

import { onBeforeUnmount, onMounted, watch } from 'vue'
import { useRouter } from 'vue-router'
import { ApiError, refusal } from '@/api/http'
import type { NotificationEvent } from '@/api/notifications'
import type { StreamEvent } from '@/api/types'
import { useBoardsStore } from '@/stores/boards'
import { useChannelsStore } from '@/stores/channels'
import { usePostsStore } from '@/stores/posts'
import { useSavedStore } from '@/stores/saved'
import { useSessionStore } from '@/stores/session'
import { useTeamsStore } from '@/stores/teams'
import { useThreadsStore } from '@/stores/threads'
import { useTypingStore } from '@/stores/typing'
import { useDesktopNotifications } from './useDesktopNotifications'
import { useManage } from './useManage'
import { usePresenceHeartbeat } from './usePresenceHeartbeat'
import { useRealtime } from './useRealtime'

const MENTION_KINDS = new Set(['mention', 'channel'])
/** A channel's own fields changed: its stream and, for a public one, the team's carry it. */
const CHANNEL_CHANGES = new Set(['channel.updated', 'channel.archived', 'channel.unarchived'])
const MEMBER_CHANGES = new Set([
  'channel.member_added',
  'channel.member_removed',
  'channel.member_updated',
])

const notificationListeners = new Set<(event: NotificationEvent) => void>()

/** Calls `listener` with every `notification.created` event this tab gets (the mentions view). */
export function onNotification(listener: (event: NotificationEvent) => void) {
  notificationListeners.add(listener)
  return () => notificationListeners.delete(listener)
}

function ignoreRefusal(error: unknown) {
  if (!(error instanceof ApiError)) throw error
}

/**
 * Keeps the open team live: follows the user's stream, the team's, and every channel of the
 * sidebar (plus the one on screen), routes their events to the stores, and after every
 * reconnect catches the channel on screen up, refreshes the sidebar's counts and sends the
 * messages that waited. Used once, by the shell.
 */
export function useLiveChat() {
  const realtime = useRealtime()
  const session = useSessionStore()
  const teams = useTeamsStore()
  const channels = useChannelsStore()
  const posts = usePostsStore()
  const threads = useThreadsStore()
  const saved = useSavedStore()
  const typing = useTypingStore()
  const boards = useBoardsStore()
  const heartbeat = usePresenceHeartbeat()
  const desktop = useDesktopNotifications()
  const router = useRouter()
  const manage = useManage()
  let connectedOnce = false
  let followedTimer: ReturnType<typeof setTimeout> | null = null

  /** The followed threads' counts, read again soon after a reply or a read elsewhere. */
  function refreshFollowed() {
    if (followedTimer || !teams.current) return
    followedTimer = setTimeout(() => {
      followedTimer = null
      if (teams.current) void threads.loadFollowed(teams.current.id).catch(ignoreRefusal)
    }, 300)
  }

  function onChannel(channelId: string) {
    return (event: StreamEvent) => {
      posts.receive(channelId, event)
      threads.receive(channelId, event)
      typing.receive(channelId, event)
      boards.receive(channelId, event)
      const post = event.type === 'post.created' ? event.data.post : null
      if (post?.inChannel && post.userId !== session.user?.id) channels.bump(channelId)
      if (post && post.userId === session.user?.id) desktop.offer()
      if (CHANNEL_CHANGES.has(event.type)) channels.channelChanged(event.data.channel)
      if (event.type === 'channel.member_updated') channels.roleChanged(channelId, event.data)
      // The header's member count is read again.
      if (MEMBER_CHANGES.has(event.type) && channelId === channels.viewingId) {
        manage.membersChanged.value += 1
      }
    }
  }

  function onUser(event: StreamEvent) {
    if (event.type === 'notification.created') {
      desktop.receive(event.data)
      notificationListeners.forEach((listener) => listener(event.data))
    }
    if (event.type === 'channel.read' && event.data.unread) {
      channels.markedUnread(event.data.channelId, event.data.lastReadSeq)
      if (teams.current) void refresh(teams.current.id)
    } else if (event.type === 'channel.read') {
      channels.markedRead(event.data.channelId, event.data.lastReadSeq)
    } else if (event.type === 'post.saved' || event.type === 'post.unsaved') {
      saved.set(event.data.postId, event.type === 'post.saved')
    } else if (event.type === 'thread.read') {
      threads.threadRead(event.data.rootId)
    } else if (event.type === 'notification.created' && event.data.post?.rootId) {
      // A reply or mention in a thread: the threads view counts it.
      refreshFollowed()
    } else if (event.type === 'notification.created' && MENTION_KINDS.has(event.data.kind)) {
      channels.mentioned(event.data.post.channelId)
    } else if (event.type === 'channel.member_added' || event.type === 'channel.member_removed') {
      if (teams.current) void refresh(teams.current.id)
    } else if (event.type === 'account.deactivated') {
      // The stream ends next and the session is gone: sign out saying why, as a 401 would.
      const body = { errors: [{ code: 'account_deactivated', message: 'Deactivated' }] }
      refusal(401, JSON.stringify(body), null)
    }
  }

  function onTeam(event: StreamEvent) {
    if (event.type === 'presence.changed')
      channels.setPresence(event.data.userId, event.data.status)
    else if (CHANNEL_CHANGES.has(event.type)) channels.channelChanged(event.data.channel)
    else if (event.type === 'user.updated') {
      channels.personChanged(event.data.user)
      session.renamed(event.data.user)
    }
  }

  async function refresh(teamId: string) {
    try {
      await channels.load(teamId)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
    }
  }

  /** The streams this screen needs, followed and unfollowed as the team and sidebar change. */
  function wanted() {
    const streams = new Map<string, (event: StreamEvent) => void>()
    if (session.user) streams.set(`users/${session.user.id}`, onUser)
    if (teams.current) streams.set(`teams/${teams.current.id}`, onTeam)
    const ids = new Set(channels.channels.map((channel) => channel.id))
    if (channels.viewingId) ids.add(channels.viewingId)
    for (const id of ids) streams.set(`channels/${id}`, onChannel(id))
    return streams
  }

  async function sync() {
    // Signed out: the stream closes; unsubscribing now would only be refused.
    if (!session.user) return
    const streams = wanted()
    const current = realtime.following()
    for (const stream of current) if (!streams.has(stream)) void realtime.unfollow(stream)
    await Promise.all(
      [...streams]
        .filter(([stream]) => !current.has(stream))
        .map(async ([stream, handler]) => {
          await realtime.follow(stream, handler)
          // Subscribed after the channel's history was read: catch up on what came between.
          const channelId = stream.startsWith('channels/') ? stream.slice(9) : null
          if (channelId) await posts.catchUp(channelId).catch(ignoreRefusal)
        })
    )
  }

  async function onConnected() {
    const viewing = channels.viewingId
    if (connectedOnce && teams.current) {
      // Other channels' windows reload when opened; their counts come from the sidebar.
      posts.dropOthers(viewing)
      await refresh(teams.current.id)
    }
    connectedOnce = true
    try {
      if (viewing) await posts.catchUp(viewing)
      await threads.refresh()
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
    }
    // What happened before the stream was up (or while it was down) reaches the threads view.
    refreshFollowed()
    posts.setOnline(true)
  }

  watch(
    () => session.user,
    (user) => {
      if (user) {
        realtime.connect()
        heartbeat.start()
        desktop.start(router, () => channels.viewingId)
        void sync()
        return
      }
      heartbeat.stop()
      desktop.stop()
      realtime.disconnect()
      posts.reset()
      threads.reset()
      typing.reset()
      boards.reset()
    }
  )
  watch(
    () => teams.current?.id,
    (teamId) => {
      threads.reset()
      // A moment later, so it does not compete with the first messages on a cold load.
      if (teamId && session.user) refreshFollowed()
    },
    { immediate: true }
  )
  watch(realtime.status, (status) => {
    if (status !== 'connected') posts.setOnline(false)
  })
  watch(
    () => [
      teams.current?.id,
      channels.viewingId,
      channels.channels.map((channel) => channel.id).join(),
    ],
    () => void sync()
  )
  watch(() => channels.viewingId, desktop.viewChanged)

  let stop: (() => void) | null = null
  onMounted(() => {
    if (session.user) posts.restorePending(session.user.id)
    stop = realtime.onConnected(onConnected)
    // Only with a session: a stream opened while signed out is a 401.
    if (!session.user) return
    realtime.connect()
    heartbeat.start()
    desktop.start(router, () => channels.viewingId)
    void sync()
  })
  onBeforeUnmount(() => {
    stop?.()
    heartbeat.stop()
    desktop.stop()
    realtime.disconnect()
  })

  return { status: realtime.status }
}

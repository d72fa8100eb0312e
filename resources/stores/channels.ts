import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { channelsApi } from '@/api/channels'
import { ApiError } from '@/api/http'
import { teamsApi } from '@/api/teams'
import type { Channel, Membership, PresenceStatus, SidebarChannel, User } from '@/api/types'
import { withChannelFields, withPerson, withRole } from './channelEvents'
import { useSessionStore } from './session'

/** Conversations with people, as opposed to channels with a name. */
const CONVERSATIONS = new Set(['direct', 'group'])

/**
 * The open team's sidebar: its channels and conversations with the caller's counts, the
 * people they name, and who of them is online. `load(teamId)` when a team opens.
 */
export const useChannelsStore = defineStore('channels', () => {
  const session = useSessionStore()

  const teamId = ref<string | null>(null)
  const channels = ref<SidebarChannel[]>([])
  const people = ref(new Map<string, User>())
  const presence = ref(new Map<string, PresenceStatus>())
  const loading = ref(false)
  /** The channel on screen, whose new messages are read as they arrive. */
  const viewingId = ref<string | null>(null)
  /** The channel on screen its reader marked unread: not read again until they leave it. */
  const heldUnread = ref<string | null>(null)

  // A board's own channel is reached through its board, never listed (DESIGN.md).
  const named = computed(() =>
    channels.value.filter((channel) => channel.type === 'public' || channel.type === 'private')
  )
  const conversations = computed(() =>
    channels.value.filter((channel) => CONVERSATIONS.has(channel.type))
  )

  async function load(id: string) {
    if (teamId.value !== id) {
      channels.value = []
      people.value = new Map()
      presence.value = new Map()
    }
    teamId.value = id
    loading.value = true
    try {
      const [page, members] = await Promise.all([channelsApi.listForTeam(id), teamsApi.members(id)])
      if (teamId.value !== id) return
      channels.value = page.data
      people.value = new Map(members.map((member) => [member.user.id, member.user]))
      // Presence only decorates the sidebar: without it the dots stay grey.
      await loadPresence().catch((error) => {
        if (!(error instanceof ApiError)) throw error
      })
    } finally {
      loading.value = false
    }
  }

  async function loadPresence() {
    const ids = [...new Set(conversations.value.flatMap((channel) => others(channel)))]
    if (ids.length === 0) return
    const { data } = await channelsApi.presence(ids.slice(0, 200))
    presence.value = new Map(data.map((entry) => [entry.userId, entry.status]))
  }

  /** The other people in a conversation (the caller alone in a note to self). */
  function others(channel: SidebarChannel) {
    const ids = channel.memberIds ?? []
    const rest = ids.filter((id) => id !== session.user?.id)
    return rest.length > 0 ? rest : ids
  }

  /** How the sidebar and the header name a channel or a conversation. */
  function title(channel: SidebarChannel) {
    if (!CONVERSATIONS.has(channel.type)) return channel.displayName || channel.name
    const names = others(channel).map((id) => {
      const person = people.value.get(id)
      return person ? person.displayName || person.username : 'Someone'
    })
    return names.join(', ') || channel.displayName
  }

  /** How a message's author is named: a teammate's name, or Hearth for the server's own. */
  function authorName(userId: string | null) {
    const person = userId ? people.value.get(userId) : undefined
    if (person) return person.displayName || person.username
    if (userId && userId === session.user?.id) return session.user.displayName
    return userId ? 'Someone' : 'Hearth'
  }

  function byId(id: string) {
    return channels.value.find((channel) => channel.id === id) ?? null
  }

  /** A new message by someone else in a channel not on screen. */
  function bump(id: string) {
    const channel = byId(id)
    if (channel && id !== viewingId.value) channel.unreadCount += 1
  }

  /** A mention of the caller (a notification) in a channel not on screen. */
  function mentioned(id: string) {
    const channel = byId(id)
    if (channel && id !== viewingId.value) channel.mentionCount += 1
  }

  /** Read up to `seq`, here or in another tab or device. */
  function markedRead(id: string, seq: number) {
    const channel = byId(id)
    if (!channel) return
    channel.membership.lastReadSeq = Math.max(channel.membership.lastReadSeq, seq)
    channel.unreadCount = 0
    channel.mentionCount = 0
  }

  /**
   * The read point moved back (marked unread, here or elsewhere); the counts it implies come
   * from the server with the next sidebar read.
   */
  function markedUnread(id: string, seq: number) {
    const channel = byId(id)
    if (channel) channel.membership.lastReadSeq = seq
  }

  /** The latest fields of channels an event changed, for a channel on screen the sidebar does not list. */
  const revised = ref(new Map<string, Channel>())

  /** A channel renamed, re-described, archived or unarchived: the sidebar and header follow. */
  function channelChanged(incoming: Channel) {
    const index = channels.value.findIndex((channel) => channel.id === incoming.id)
    if (index >= 0) channels.value[index] = withChannelFields(channels.value[index], incoming)
    revised.value = new Map(revised.value).set(incoming.id, incoming)
  }

  /** Someone's role in a channel changed; only the caller's own is kept here. */
  function roleChanged(id: string, event: { userId: string; role: Membership['role'] }) {
    const channel = byId(id)
    if (channel) channel.membership = withRole(channel.membership, event, session.user?.id ?? null)
  }

  /** A teammate changed their name: every place that names them follows. */
  function personChanged(user: User) {
    people.value = withPerson(people.value, user)
  }

  function setPresence(userId: string, status: PresenceStatus) {
    const next = new Map(presence.value)
    next.set(userId, status)
    presence.value = next
  }

  function reset() {
    teamId.value = null
    channels.value = []
    people.value = new Map()
    presence.value = new Map()
    revised.value = new Map()
  }

  return {
    teamId,
    channels,
    named,
    conversations,
    people,
    presence,
    loading,
    viewingId,
    heldUnread,
    load,
    bump,
    mentioned,
    markedRead,
    markedUnread,
    setPresence,
    revised,
    channelChanged,
    roleChanged,
    personChanged,
    others,
    title,
    authorName,
    byId,
    reset,
  }
})

/** The JSON shapes of the API routes the web app uses (docs/api.md is the reference). */

export type User = {
  id: string
  username: string
  displayName: string
  isAdmin: boolean
  active: boolean
  createdAt: string
}

/** The signed-in user's own record. */
export type Me = User & { email: string; deactivatedAt: string | null; updatedAt: string }

export type TeamRole = 'admin' | 'member' | 'guest'

export type Team = {
  id: string
  name: string
  role: TeamRole | null
  inviteCode?: string
  createdAt: string
  updatedAt: string
}

export type TeamMember = { user: User; role: TeamRole; joinedAt: string }

export type ChannelType = 'public' | 'private' | 'direct' | 'group' | 'board'

export type Membership = {
  role: 'admin' | 'member'
  notify: 'default' | 'all' | 'mention' | 'none'
  muted: boolean
  lastReadSeq: number
}

export type Channel = {
  id: string
  teamId: string
  type: ChannelType
  name: string
  displayName: string
  purpose: string
  header: string
  isDefault: boolean
  archived: boolean
  archivedAt: string | null
  creatorId: string | null
  createdAt: string
  updatedAt: string
  membership: Membership | null
}

/** A channel as the sidebar lists it: the caller's counts and, for conversations, members. */
export type SidebarChannel = Channel & {
  membership: Membership
  memberIds: string[] | null
  unreadCount: number
  mentionCount: number
}

export type ChannelMember = {
  userId: string
  username: string
  displayName: string
  role: 'admin' | 'member'
  joinedAt: string
}

export type PresenceStatus = 'online' | 'away' | 'offline'

export type Page<T> = { data: T[]; next: string | null }

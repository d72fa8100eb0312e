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

export type PresenceStatus = 'online' | 'away' | 'dnd' | 'offline'

export type Page<T> = { data: T[]; next: string | null }

export type Reaction = { emoji: string; count: number; userIds: string[] }

/** A card as a message's preview shows it, resolved for the reader (docs/boards.md). */
export type CardPreview = {
  id: string
  ref: string | null
  number: number
  boardId: string
  boardTitle: string
  channelId: string
  threadId: string | null
  url: string
  deleted: boolean
  title: string | null
  column: { id: string; label: string; color: string | null } | null
  assignees: string[]
  dueAt: string | null
  archived: boolean
  /** Checklist items done out of all; null for a deleted card. */
  progress: { done: number; total: number } | null
}

export type Embed = { type: 'card'; id: string; card: CardPreview }

/** An uploaded file (docs/api.md, Files); `width`/`height` are set for raster images. */
export type FileInfo = {
  id: string
  name: string
  mime: string
  size: number
  width: number | null
  height: number | null
  hasThumbnail: boolean
  hasPreview: boolean
  channelId: string
  /** Null until a post carries it. */
  postId: string | null
  createdAt: string
}

/** A message as the API and the channel streams give it (docs/api.md, Posts). */
export type Post = {
  id: string
  channelId: string
  userId: string | null
  seq: number
  rootId: string | null
  clientId: string | null
  type: string
  message: string
  /** What a post Hearth wrote is about (`card`, `card_activity`…); null for people's. */
  props?: Record<string, any> | null
  inChannel: boolean
  replyCount: number
  reactions: Reaction[]
  /** Attached files, in upload order; none on a deleted post. */
  files: FileInfo[]
  /** Previews for the reader; null on a stream event for a post that may carry some. */
  embeds?: Embed[] | null
  pinned: boolean
  /** Whether the reader saved it; absent on stream events (they have no reader). */
  saved?: boolean
  edited: boolean
  editedAt: string | null
  deleted: boolean
  createdAt: string
}

/** A page of channel history: `latestSeq` is the stream's seq read before it (catch-up's start). */
export type HistoryPage = Page<Post> & { latestSeq: number }

/** `GET /channels/:id/posts?around=unread`: the page at the first unread message. */
export type UnreadPage = HistoryPage & { previous: string | null; firstUnreadSeq: number | null }

/** `GET /channels/:id/posts?around=<postId>`: the page at a post (a permalink). */
export type AroundPage = HistoryPage & { previous: string | null; aroundSeq: number }

/** A post's earlier text, as `GET /posts/:id/edits` lists it (oldest first). */
export type PostEdit = { message: string; replacedAt: string }

/** One event of a stream, live or from catch-up (docs/realtime.md, the envelope). */
export type StreamEvent = { type: string; seq: number | null; at: string; data: any }

export type EventsPage = { data: StreamEvent[]; next: number | null; latestSeq: number }

import { request } from './http'

/** The parts of a card and its board the app needs to find the card's place in chat. */
export type CardPlace = { id: string; boardId: string; threadId: string | null; url: string }

export type BoardRole = 'admin' | 'editor' | 'commenter' | 'viewer'
export type ChannelActivity = 'all' | 'new_cards' | 'none'

export type BoardChanges = Partial<
  Pick<Board, 'title' | 'icon' | 'description' | 'key' | 'defaultRole' | 'channelActivity'>
>

/** A board's settings as the API gives them, with the caller's role (docs/boards.md). */
export type Board = {
  id: string
  teamId: string
  channelId: string
  title: string
  icon: string | null
  description: string | null
  template: string | null
  key: string
  /** What of the card activity also shows in the channel (always in the card's thread). */
  channelActivity: ChannelActivity
  /** The role the channel's members get without an explicit one. */
  defaultRole: Exclude<BoardRole, 'admin'>
  archived: boolean
  role: BoardRole
  createdAt: string
  updatedAt: string
}

export type BoardPlace = Pick<Board, 'id' | 'teamId' | 'channelId' | 'title'>

/** A card as the REST card API answers it (the web app edits cards over the sync socket). */
export type ApiCard = CardPlace & {
  title: string
  position: string
  archived: boolean
  values: Record<string, unknown>
  number: number
  ref: string
}

/** A card the quick switcher found (`GET /teams/:id/cards?q=`). */
export type FoundCard = {
  id: string
  ref: string | null
  number: number
  title: string
  boardId: string
  boardTitle: string
  channelId: string
  url: string
}

/** A column of a board, as a picker lists it ("No value" has the id null). */
export type BoardColumn = { id: string | null; label: string; color: string | null }

export type NewBoard = { title: string; template?: string }

/** Boards and their cards over HTTP: listing, creating, and a card's place in chat. */
export const boardsApi = {
  card: (cardId: string) => request<ApiCard>('GET', `/api/v1/cards/${cardId}`),
  board: (boardId: string) => request<Board>('GET', `/api/v1/boards/${boardId}`),
  listForChannel: (channelId: string) =>
    request<{ data: Board[]; next: null }>('GET', `/api/v1/channels/${channelId}/boards`),
  findCards: (teamId: string, q: string) =>
    request<{ data: FoundCard[]; next: null }>(
      'GET',
      `/api/v1/teams/${teamId}/cards?q=${encodeURIComponent(q)}`
    ),
  commentCounts: (boardId: string) =>
    request<{ data: Record<string, number> }>('GET', `/api/v1/boards/${boardId}/comment-counts`),
  columns: (boardId: string) =>
    request<{ groupBy: string | null; data: BoardColumn[] }>(
      'GET',
      `/api/v1/boards/${boardId}/columns`
    ),
  /** Makes a card from a person's message (docs/boards.md, "Card from a message"). */
  cardFromPost: (
    postId: string,
    input: { boardId: string; column: string | null; title: string; description: string }
  ) => request<ApiCard>('POST', `/api/v1/posts/${postId}/card`, { body: input }),
  update: (boardId: string, changes: BoardChanges) =>
    request<Board>('PATCH', `/api/v1/boards/${boardId}`, { body: changes }),
  setArchived: (boardId: string, archived: boolean) =>
    request<Board>('POST', `/api/v1/boards/${boardId}/${archived ? 'archive' : 'unarchive'}`),
  remove: (boardId: string) => request<void>('DELETE', `/api/v1/boards/${boardId}`),
  /** The explicit roles (board admins only); everyone else's comes from the channel. */
  members: (boardId: string) =>
    request<{ data: Array<{ userId: string; role: BoardRole }>; next: null }>(
      'GET',
      `/api/v1/boards/${boardId}/members`
    ),
  setMember: (boardId: string, userId: string, role: BoardRole) =>
    request<{ userId: string; role: BoardRole }>(
      'PUT',
      `/api/v1/boards/${boardId}/members/${userId}`,
      { body: { role } }
    ),
  removeMember: (boardId: string, userId: string) =>
    request<void>('DELETE', `/api/v1/boards/${boardId}/members/${userId}`),
  create: (channelId: string, input: NewBoard) =>
    request<Board>('POST', `/api/v1/channels/${channelId}/boards`, { body: input }),
}

import { request } from './http'

/** The parts of a card and its board the app needs to find the card's place in chat. */
export type CardPlace = { id: string; boardId: string; threadId: string | null; url: string }

export type BoardRole = 'admin' | 'editor' | 'commenter' | 'viewer'

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

export type NewBoard = { title: string; template?: string }

/** Boards and their cards over HTTP: listing, creating, and a card's place in chat. */
export const boardsApi = {
  card: (cardId: string) => request<ApiCard>('GET', `/api/v1/cards/${cardId}`),
  board: (boardId: string) => request<Board>('GET', `/api/v1/boards/${boardId}`),
  listForChannel: (channelId: string) =>
    request<{ data: Board[]; next: null }>('GET', `/api/v1/channels/${channelId}/boards`),
  create: (channelId: string, input: NewBoard) =>
    request<Board>('POST', `/api/v1/channels/${channelId}/boards`, { body: input }),
}

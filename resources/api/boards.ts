import { request } from './http'

/** The parts of a card and its board the app needs to find the card's place in chat. */
export type CardPlace = { id: string; boardId: string; threadId: string | null; url: string }
export type BoardPlace = { id: string; teamId: string; channelId: string; title: string }

/** Boards and cards, so far only to open a card's address in its channel. */
export const boardsApi = {
  card: (cardId: string) => request<CardPlace>('GET', `/api/v1/cards/${cardId}`),
  board: (boardId: string) => request<BoardPlace>('GET', `/api/v1/boards/${boardId}`),
}

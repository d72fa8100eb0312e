import { randomUUID } from 'node:crypto'
import config from '@adonisjs/core/services/config'
import encryption from '@adonisjs/core/services/encryption'

/**
 * What a socket was opened with, or its ticket minted with: a user's session or one of their
 * personal access tokens. The socket closes when that credential ends.
 */
export type Credential = { userId: string; sessionId: string | null; tokenId: string | null }

/** What a ticket carries, encrypted and authenticated with APP_KEY (AES-256-GCM). */
type TicketPayload = Credential & { boardId: string; nonce: string; expiresAt: number }

/** Bound to one board: a ticket of another board does not even decrypt. */
const purposeOf = (boardId: string) => `board-sync:${boardId}`

/** Nonces of redeemed tickets, until they would have expired anyway. */
const redeemed = new Map<string, number>()

function forgetExpired(now: number) {
  for (const [nonce, expiresAt] of redeemed) {
    if (expiresAt <= now) redeemed.delete(nonce)
  }
}

/**
 * Issues a ticket that opens the board's sync socket as the credential's
 * user, once, within `ttlMs`: for clients that can send neither the session
 * cookie nor an Authorization header on a WebSocket (`?ticket=` on the URL).
 * It carries the session or token that minted it, which the socket then
 * belongs to.
 */
export function issueTicket(mintedWith: Credential, boardId: string, ttlMs?: number) {
  const ttl = ttlMs ?? config.get<number>('board_sync.ticketTtlMs')
  const expiresAt = Date.now() + ttl
  const { userId, sessionId, tokenId } = mintedWith
  const payload: TicketPayload = {
    userId,
    sessionId,
    tokenId,
    boardId,
    nonce: randomUUID(),
    expiresAt,
  }
  const ticket = encryption.encrypt(payload, ttl, purposeOf(boardId))
  return { ticket, expiresAt: new Date(expiresAt) }
}

/**
 * The credential a ticket was minted with, or null when it is forged,
 * expired, for another board or already used. Tickets are single-use within
 * this process; whether the credential is still live is the caller's check.
 */
export function redeemTicket(ticket: string, boardId: string): Credential | null {
  const payload = encryption.decrypt<TicketPayload>(ticket, purposeOf(boardId))
  const now = Date.now()
  if (!payload || payload.boardId !== boardId || payload.expiresAt <= now) return null
  forgetExpired(now)
  if (redeemed.has(payload.nonce)) return null
  redeemed.set(payload.nonce, payload.expiresAt)
  return {
    userId: payload.userId,
    sessionId: payload.sessionId ?? null,
    tokenId: payload.tokenId ?? null,
  }
}

import type { Channel, Membership, User } from '../api/types.js'

/**
 * A channel's own fields from a `channel.updated`, `channel.archived` or `channel.unarchived`
 * event laid over what the app holds of it: the event goes to everyone on the stream, so it
 * carries no membership, and the caller's membership, counts and members stay as they were.
 */
export function withChannelFields<T extends Channel>(held: T, incoming: Channel): T {
  return { ...held, ...incoming, membership: held.membership }
}

/** The caller's membership after a `channel.member_updated` event; others' roles change nothing. */
export function withRole<T extends Membership | null>(
  membership: T,
  event: { userId: string; role: Membership['role'] },
  callerId: string | null
): T {
  if (!membership || event.userId !== callerId) return membership
  return { ...membership, role: event.role }
}

/** The people the app names, with one of them as a `user.updated` event now has them. */
export function withPerson(people: Map<string, User>, user: User) {
  const next = new Map(people)
  next.set(user.id, { ...people.get(user.id), ...user })
  return next
}

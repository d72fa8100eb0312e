import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { isId } from '#app/helpers/ids'
import type { Borrowed } from '#boards/services/archive_threads'

/** Someone a board archive names, as the server it came from knew them. */
export type ArchivedPerson = { id: string; username: string; email: string }

/** A member of the team a board is imported into. */
type Member = { id: string; username: string; email: string; role: string }

const lower = (value: string) => value.trim().toLowerCase()

/** Who an archive names, for its `users`: one query, the people found on this server. */
export async function archivedPeople(ids: Iterable<string>): Promise<ArchivedPerson[]> {
  const wanted = [...new Set(ids)].filter(isId)
  if (wanted.length === 0) return []
  const rows = await db.from('users').whereIn('id', wanted).select('id', 'username', 'email')
  return rows.map(({ id, username, email }) => ({ id, username, email }))
}

/**
 * The people of an archive among a team's members here: each archived id maps to the member
 * with the same email, else the same username (any case), else the same id (an archive of
 * version 1 names people by id alone). `name` says who an id was, for the import's report.
 */
export async function matchPeople(
  client: QueryClientContract,
  teamId: string,
  archived: ArchivedPerson[]
) {
  const members: Member[] = await client
    .from('users')
    .join('team_members', 'team_members.user_id', 'users.id')
    .where('team_members.team_id', teamId)
    .select('users.id', 'users.username', 'users.email', 'team_members.role')
    .orderBy('team_members.id')
  const byEmail = new Map(members.map((member) => [lower(member.email), member.id]))
  const byUsername = new Map(members.map((member) => [lower(member.username), member.id]))
  const ids = new Set(members.map((member) => member.id))
  const known = new Map(archived.map((person) => [person.id, person]))
  const people = new Map<string, string>()
  for (const person of archived) {
    const found =
      byEmail.get(lower(person.email)) ??
      byUsername.get(lower(person.username)) ??
      (ids.has(person.id) ? person.id : undefined)
    if (found) people.set(person.id, found)
  }
  for (const member of members) if (!known.has(member.id)) people.set(member.id, member.id)
  const name = (id: string) => {
    const person = known.get(id)
    return person ? `${person.username} (${person.email})` : `user ${id}`
  }
  const admins = members.filter((member) => member.role === 'admin').map((member) => member.id)
  const usernames = new Map(members.map((member) => [member.id, member.username]))
  return { people, name, admins, usernames }
}

/**
 * What an import left out of each person it did not find (archived id → sentences): their
 * roles, their places in person fields (`dropped`, as remapPeople answers), and the card posts
 * written in someone else's name (`borrowed`). `refs` names cards by their `OPS-n`.
 */
export function leftOut(
  members: Array<{ userId: string; role: string }>,
  people: Map<string, string>,
  dropped: Map<string, string[]>,
  borrowed: Borrowed[],
  refs: Map<string, string>
) {
  const lost = new Map<string, string[]>()
  const add = (id: string, what: string) => lost.set(id, [...(lost.get(id) ?? []), what])
  const cards = (ids: string[]) => ids.map((id) => refs.get(id) ?? id).join(', ')
  for (const member of members) {
    if (!people.has(member.userId)) add(member.userId, `the ${member.role} role`)
  }
  for (const [id, cardIds] of dropped) add(id, `named on ${cards(cardIds)}`)
  const posts = new Map<string, string[]>()
  for (const { authorId, cardId } of borrowed) {
    if (authorId) posts.set(authorId, [...(posts.get(authorId) ?? []), cardId])
  }
  for (const [id, cardIds] of posts) add(id, `the card posts of ${cards(cardIds)}`)
  return lost
}

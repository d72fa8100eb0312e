import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'

/**
 * Use to check what a request stored or left alone: the number of rows of a table matching `where`.
 */
export async function count(table: string, where: Record<string, unknown> = {}) {
  const row = await db.from(table).where(where).count('* as total').first()
  return Number(row.total)
}

/** Use when order by username matters: users with exactly these usernames (and matching emails). */
export function usersNamed(usernames: string[]) {
  return UserFactory.merge(
    usernames.map((username) => ({ username, email: `${username}@example.test` }))
  ).createMany(usernames.length)
}

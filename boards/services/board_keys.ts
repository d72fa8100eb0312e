import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import ApiError from '#app/exceptions/api_error'
import { affectedRows, isUniqueViolation } from '#app/helpers/database'
import type Board from '#boards/models/board'

/**
 * A key from a board's title: the initials of its first words when it has
 * several ("Platform Ops" → `PO`, padded to three letters from the first
 * word: `PLO`), else its first letters ("Operations" → `OPE`). Accents are
 * dropped; a title with no Latin letters gives `CARD`.
 */
export function keyFromTitle(title: string) {
  const words = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => /^[A-Z]/.test(word))
  if (words.length === 0) return 'CARD'
  if (words.length === 1) return words[0].slice(0, 3).padEnd(2, 'X')
  const initials = words
    .slice(0, 4)
    .map((word) => word[0])
    .join('')
  return initials.length >= 3 ? initials : (words[0].slice(0, 2) + initials.slice(1)).slice(0, 4)
}

/**
 * The first free key of a team from a wanted one: `OPS`, then `OPS2`,
 * `OPS3`… A key given by a person is not changed: taken, it is a 409.
 */
export async function freeKey(
  client: QueryClientContract,
  teamId: string,
  wanted: string,
  exact: boolean
) {
  // Room for a three-digit suffix within the ten characters of a key.
  const base = wanted.slice(0, 7)
  const rows = await client
    .from('boards')
    .where('team_id', teamId)
    .where((query) => query.where('key', wanted).orWhere('key', 'like', `${base}%`))
    .select('key')
  const taken = new Set(rows.map((row) => row.key as string))
  if (!taken.has(wanted)) return wanted
  if (exact) throw keyTaken(wanted)
  for (let suffix = 2; suffix < 1000; suffix++) {
    const candidate = `${base}${suffix}`
    if (!taken.has(candidate)) return candidate
  }
  throw keyTaken(wanted)
}

export function keyTaken(key: string) {
  return ApiError.conflict('key_taken', `Another board of this team already uses the key ${key}`)
}

/** A board's key, giving one to a board made before keys existed. */
export async function ensureKey(board: Board): Promise<string> {
  if (board.key) return board.key
  for (let attempt = 0; attempt < 3; attempt++) {
    const key = await freeKey(db.connection(), board.teamId, keyFromTitle(board.title), false)
    try {
      const updated = await db.from('boards').where('id', board.id).whereNull('key').update({ key })
      if (affectedRows(updated) === 0) {
        await board.refresh()
        if (board.key) return board.key
      }
      board.key = key
      return key
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
  }
  throw keyTaken(keyFromTitle(board.title))
}

import ApiError from '#app/exceptions/api_error'
import { isId } from '#app/helpers/ids'
import Board from '#boards/models/board'

/** Finds a board by id for an admin command (admin commands act with full powers). */
export async function findBoardForAdmin(id: string) {
  const board = isId(id) ? await Board.find(id) : null
  if (!board) throw new ApiError(404, 'not_found', `Board "${id}" not found (name it by id)`)
  return board
}

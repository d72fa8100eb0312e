/**
 * The board copies this browser keeps in IndexedDB (y-indexeddb), one database per person and
 * board, listed in localStorage so that signing out can delete them all, even those of boards
 * this page never opened. No dependencies: the session store imports it.
 */
const LIST = 'hearth.boardCopies'

/** The IndexedDB database of a person's copy of a board. */
export function copyName(userId: string, boardId: string) {
  return `hearth-board:${userId}:${boardId}`
}

function listed(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(LIST) ?? '[]')
    return Array.isArray(value) ? value.filter((name) => typeof name === 'string') : []
  } catch {
    return []
  }
}

/** Notes a copy, before it is first written. */
export function rememberCopy(name: string) {
  const names = listed()
  if (!names.includes(name)) localStorage.setItem(LIST, JSON.stringify([...names, name]))
}

/** Deletes every board copy of this browser: called when the session ends. */
export function clearBoardCopies() {
  for (const name of listed()) indexedDB.deleteDatabase(name)
  localStorage.removeItem(LIST)
}

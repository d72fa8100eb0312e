/*
|--------------------------------------------------------------------------
| Boards for the load test, made through the API before the users start
|--------------------------------------------------------------------------
|
| `loadadmin` (an admin of each board channel) makes one `project_tasks`
| board in each channel the seed marked, then --cards cards in it, spread
| over the Status columns, each with a priority, a due date a month or more
| ahead (so no due-date reminder fires during the run) and an assignee from
| the channel. Through the API, so the document, the card rows, the card
| numbers and their threads are exactly what the server makes.
|
*/
import { apiCall, benchToken } from '../lib.js'
import { WORDS, type Plan } from './plan.js'
import type { BoardInfo } from './users.js'

const CONCURRENCY = 4

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]

type Field = { id: string; name: string; type: string; options?: { id: string }[] }

async function makeBoard(url: string, token: string, plan: Plan, index: number, cards: number) {
  const channel = plan.boardChannels[index]
  const auth = { token }
  const board = await apiCall(
    url,
    auth,
    'POST',
    `/api/v1/channels/${channel.id}/boards`,
    { title: `Board ${index}`, template: 'project_tasks', key: `LB${index}` },
    201
  )
  const document = await apiCall(url, auth, 'GET', `/api/v1/boards/${board.id}/document`)
  const fields: Field[] = document.fields
  const field = (name: string) => fields.find((entry) => entry.name === name)!
  const columnIds: string[] = document.columns
    .map((column: { id: string | null }) => column.id)
    .filter(Boolean)
  const [priority, due, assignee] = [field('Priority'), field('Due date'), field('Assignee')]
  const cardIds: string[] = []
  for (let number = 0; number < cards; number++) {
    const dueAt = new Date(Date.now() + (30 + (number % 90)) * 86_400_000)
    const card = await apiCall(
      url,
      auth,
      'POST',
      `/api/v1/boards/${board.id}/cards`,
      {
        title: `Card ${number}: ${pick(WORDS)} the ${pick(WORDS)}`,
        column: columnIds[number % columnIds.length],
        values: {
          [priority.id]: pick(priority.options!).id,
          [due.id]: dueAt.toISOString().slice(0, 10),
          [assignee.id]: [plan.userIds[pick(channel.members)]],
        },
      },
      201
    )
    cardIds.push(card.id)
  }
  return { id: board.id, channelId: channel.id, cardIds, columnIds } satisfies BoardInfo
}

/** Makes every board of the plan, a few at a time; their info in the plan's order. */
export async function createBoards(url: string, plan: Plan, cards: number) {
  const token = await benchToken(url, 'load test boards', ['write'], plan.adminLogin)
  const boards: BoardInfo[] = new Array(plan.boardChannels.length)
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < plan.boardChannels.length) {
        const index = next++
        boards[index] = await makeBoard(url, token, plan, index, cards)
      }
    })
  )
  return boards
}

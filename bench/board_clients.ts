/*
|--------------------------------------------------------------------------
| Board sync clients for bench/boards.ts and bench/web_boards.ts
|--------------------------------------------------------------------------
|
| The unmodified y-websocket provider in Node (a `ws` polyfill sending a
| Bearer token), and worker threads that play the listeners of a board. A
| replica of a 2,000-card board takes about 14 MB of heap, so fifty of them
| in one thread make each full garbage collection a pause of a second for
| every client at once, measured as if it were the server's; in threads of
| ten, a collection pauses ten clients for much less, closer to clients on
| machines of their own.
|
*/
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { applyTemplate, cardsOf, createCard, fieldList, groupField } from '#boards/document/index'

export type Client = { doc: Y.Doc; provider: WebsocketProvider }

const LISTENERS = 'board listeners'

// Each provider adds a process `exit` listener; a thread holds dozens of them.
process.setMaxListeners(0)

v8.setFlagsFromString('--expose-gc')
/**
 * Collects this thread's garbage now: the load generator does it between phases, so that
 * its own collections land outside the measurements as far as possible. The servers are
 * left alone.
 */
export const collectGarbage = runInNewContext('gc') as () => void

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between threads. */
export const now = () => performance.timeOrigin + performance.now()

/** A `ws` WebSocket that sends the Bearer token, as the provider's WebSocketPolyfill. */
function socketWithToken(token: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } })
    }
  }
}

/** A replica of a board through the unmodified provider (the room name completes the path). */
export function connect(base: string, boardId: string, token: string): Client {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(base, `${boardId}/sync`, doc, {
    WebSocketPolyfill: socketWithToken(token) as any,
    disableBc: true,
  })
  // Listeners may be viewers, told once that they are read-only: they only read.
  provider.messageHandlers[2] = () => {}
  return { doc, provider }
}

/** Resolves once the provider has synced and its doc holds at least `cards` cards. */
export function whenSynced({ doc, provider }: Client, cards: number, timeoutMs = 60_000) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      done()
      reject(new Error(`no sync with ${cards} cards in ${timeoutMs} ms`))
    }, timeoutMs)
    const check = () => {
      if (!provider.synced || cardsOf(doc).size < cards) return
      done()
      resolve()
    }
    const done = () => {
      clearTimeout(timer)
      provider.off('sync', check)
      doc.off('update', check)
    }
    provider.on('sync', check)
    doc.on('update', check)
    check()
  })
}

export function disconnect({ doc, provider }: Client) {
  provider.destroy()
  doc.destroy()
}

/** Cards per seeding update: each is one message, well under Hearth's 1 MB message limit. */
const SEED_BATCH = 100
const WORDS = 'ship deploy review merge fix bug release api cache queue retry alert'.split(' ')
const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]

/**
 * Fills a board with `cards` cards over one socket, spread over the Status columns with a
 * priority, a due date and an assignee each, in batches of one update; done once a second
 * replica syncs them all (Hearth answers a sync only with what it has written). Shared by
 * bench/boards.ts and bench/web_boards.ts.
 */
export async function seedBoard(
  base: string,
  boardId: string,
  cards: number,
  accounts: { userId: string; writer: string }
) {
  const seeder = connect(base, boardId, accounts.writer)
  await whenSynced(seeder, 0)
  const { doc } = seeder
  // Hearth wrote the template when the board was made; the reference starts empty.
  if (!groupField(doc)) applyTemplate(doc, 'project_tasks')
  const status = groupField(doc)!.options!
  const field = (name: string) => fieldList(doc).find((entry) => entry.name === name)!
  const [priority, due, assignee] = [field('Priority'), field('Due date'), field('Assignee')]
  const actor = { userId: accounts.userId }
  for (let start = 0; start < cards; start += SEED_BATCH) {
    doc.transact(() => {
      for (let index = start; index < Math.min(cards, start + SEED_BATCH); index++) {
        const title = `Card ${index + 1}: ${pick(WORDS)} the ${pick(WORDS)}`
        const values = {
          [priority.id]: pick(priority.options!).id,
          [due.id]: `2027-0${1 + (index % 9)}-${String(1 + (index % 28)).padStart(2, '0')}`,
          [assignee.id]: [accounts.userId],
        }
        const column = status[index % status.length].id
        createCard(doc, { title, description: `${pick(WORDS)} first`, column, values }, actor)
      }
    })
  }
  const check = connect(base, boardId, accounts.writer)
  await whenSynced(check, cards)
  disconnect(check)
  disconnect(seeder)
}

/** What the benchmark asks a listener thread; each command but `move` is answered `done`. */
type Command =
  | { type: 'connect'; base: string; boardId: string; tokens: string[]; cards: number }
  | { type: 'move'; key: string; sentAt: number }
  | { type: 'collect' }
  | { type: 'close' }

type Reply = { type: 'done' } | { type: 'seen'; key: string; latencies: number[] }

type Thread = {
  worker: Worker
  pending: Array<{ resolve: () => void; reject: (e: Error) => void }>
}

/**
 * Listener threads, driven from the benchmark: `connect` spreads the listeners over them,
 * `announce` tells them a move (`<card id> <new position>`) and when it was sent, and
 * `onSeen` hears each move once every listener of a thread holds it, with their latencies.
 */
export class ListenerThreads {
  onSeen: (key: string, latencies: number[]) => void = () => {}
  readonly #threads: Thread[] = []

  constructor(count: number) {
    for (let index = 0; index < count; index++) {
      const worker = new Worker(new URL(import.meta.url), { workerData: LISTENERS })
      const thread: Thread = { worker, pending: [] }
      worker.on('message', (reply: Reply) => {
        if (reply.type === 'seen') this.onSeen(reply.key, reply.latencies)
        else thread.pending.shift()?.resolve()
      })
      worker.on('error', (error) => thread.pending.splice(0).forEach((ask) => ask.reject(error)))
      this.#threads.push(thread)
    }
  }

  get size() {
    return this.#threads.length
  }

  /** Connects a listener per token, spread over the threads; all synced with `cards` cards. */
  connect(base: string, boardId: string, tokens: string[], cards: number) {
    return this.#askAll((index) => ({
      type: 'connect',
      base,
      boardId,
      cards,
      tokens: tokens.filter((_, listener) => listener % this.#threads.length === index),
    }))
  }

  announce(key: string, sentAt: number) {
    for (const { worker } of this.#threads) worker.postMessage({ type: 'move', key, sentAt })
  }

  collect() {
    return this.#askAll(() => ({ type: 'collect' }))
  }

  disconnect() {
    return this.#askAll(() => ({ type: 'close' }))
  }

  async terminate() {
    await Promise.all(this.#threads.map(({ worker }) => worker.terminate()))
  }

  async #askAll(command: (index: number) => Command) {
    await Promise.all(
      this.#threads.map(
        (thread, index) =>
          new Promise<void>((resolve, reject) => {
            thread.pending.push({ resolve, reject })
            thread.worker.postMessage(command(index))
          })
      )
    )
  }
}

/**
 * The thread side: its listeners watch the cards' positions. A move is seen by a listener
 * when the card takes the position the move gave it; a position can arrive before the
 * announcement of its move (they travel different ways), so it is kept until then.
 */
function listen() {
  let clients: Client[] = []
  const expected = new Map<string, { sentAt: number; latencies: number[] }>()
  const early = new Map<string, number>()
  const reply = (message: Reply) => parentPort!.postMessage(message)

  const seen = (key: string, at: number) => {
    const move = expected.get(key)
    if (!move) return
    move.latencies.push(at - move.sentAt)
    if (move.latencies.length < clients.length) return
    expected.delete(key)
    reply({ type: 'seen', key, latencies: move.latencies })
  }

  const watch = (doc: Y.Doc, listener: number) =>
    cardsOf(doc).observeDeep((events) => {
      const at = now()
      for (const event of events) {
        if (event.path.length !== 1 || !(event instanceof Y.YMapEvent)) continue
        if (!event.keysChanged.has('position')) continue
        const key = `${event.path[0]} ${(event.target as Y.Map<unknown>).get('position')}`
        if (expected.has(key)) seen(key, at)
        else early.set(`${listener} ${key}`, at)
      }
    })

  parentPort!.on('message', async (command: Command) => {
    switch (command.type) {
      case 'connect':
        clients = command.tokens.map((token) => connect(command.base, command.boardId, token))
        await Promise.all(clients.map((client) => whenSynced(client, command.cards)))
        clients.forEach((client, listener) => watch(client.doc, listener))
        return reply({ type: 'done' })
      case 'move': {
        expected.set(command.key, { sentAt: command.sentAt, latencies: [] })
        for (let listener = 0; listener < clients.length; listener++) {
          const at = early.get(`${listener} ${command.key}`)
          if (at === undefined) continue
          early.delete(`${listener} ${command.key}`)
          seen(command.key, at)
        }
        return
      }
      case 'collect':
        collectGarbage()
        return reply({ type: 'done' })
      case 'close':
        clients.forEach(disconnect)
        clients = []
        expected.clear()
        early.clear()
        return reply({ type: 'done' })
    }
  })
}

if (!isMainThread && workerData === LISTENERS) listen()

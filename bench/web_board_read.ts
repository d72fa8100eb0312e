/**
 * The web app's kanban read model (resources/boards/readModel.ts) on a board of `--cards`
 * cards with 2 KB descriptions: the first read, then a move or a title edit followed by the
 * read that renders it, as the board screen does after each change. Plain Node, no browser.
 * Baseline, in the same run: a reader made afresh after each move, reading every card (what
 * a view that re-read the whole document on each change would pay). `--smoke`: a short run.
 */
import * as Y from 'yjs'
import {
  applyTemplate,
  cardsOf,
  columnsOf,
  createCard,
  moveCard,
  updateCard,
} from '#boards/document/index'
import { BoardReader } from '../resources/boards/readModel.js'
import { flag, median, printCommand, round } from './lib.js'

const SMOKE = process.argv.includes('--smoke')
const CARDS = Number(flag('cards', SMOKE ? '200' : '2000'))
const ROUNDS = Number(flag('rounds', SMOKE ? '20' : '200'))
const actor = { userId: '01a22008-bddd-75db-83fb-60f2a436d237' }

const doc = new Y.Doc()
applyTemplate(doc, 'project_tasks')
const columns = columnsOf(doc).slice(1)
const ids: string[] = []
for (let i = 0; i < CARDS; i++) {
  const column = columns[i % columns.length].id
  ids.push(createCard(doc, { title: `Card ${i}`, description: 'x'.repeat(2000), column }, actor))
}
const reader = new BoardReader(doc)
cardsOf(doc).observeDeep((events) => reader.changed(events))

const time = (task: () => void) => {
  const start = performance.now()
  task()
  return performance.now() - start
}

const first = time(() => reader.model())
const moves: number[] = []
const reads: number[] = []
const fullReads: number[] = []
const edits: number[] = []
for (let i = 0; i < ROUNDS; i++) {
  const id = ids[i % ids.length]
  moves.push(time(() => moveCard(doc, id, { column: columns[i % 2].id, index: 0 }, actor)))
  reads.push(time(() => reader.model()))
  fullReads.push(time(() => new BoardReader(doc).model()))
  edits.push(
    time(() => updateCard(doc, id, { title: `Card ${i} edited` }, actor)) +
      time(() => reader.model())
  )
}

printCommand()
console.log(`cards: ${CARDS}, rounds: ${ROUNDS}`)
console.log(`first read: ${round(first)} ms`)
console.log(`moveCard (boards/document): median ${round(median(moves))} ms`)
const ratio = median(fullReads) / median(reads)
console.log(
  `read model after a move: median ${round(median(reads))} ms; ` +
    `baseline, every card read afresh: ${round(median(fullReads))} ms (${round(ratio)}x the read model's time)`
)
console.log(`title edit + read model: median ${round(median(edits))} ms`)

import type * as Y from 'yjs'
import { syncStep2 } from '#boards/sync/protocol'

/** Distinct state vectors whose answers are kept per document version. */
const KEPT = 8

/**
 * Sync step 2 answers of one document, encoded once per document version and state vector:
 * sockets joining a board together (after a restart, say) mostly send the same state vector
 * (often the empty one of a new client), and the whole state is encoded once for all of them.
 */
class SyncAnswers {
  #answers = new Map<string, Uint8Array>()

  constructor(doc: Y.Doc) {
    doc.on('update', () => this.#answers.clear())
  }

  answer(doc: Y.Doc, stateVector: Uint8Array) {
    const key = Buffer.from(stateVector).toString('base64')
    let message = this.#answers.get(key)
    if (!message) {
      message = syncStep2(doc, stateVector)
      if (this.#answers.size >= KEPT) this.#answers.delete(this.#answers.keys().next().value!)
      this.#answers.set(key, message)
    }
    return message
  }
}

const byDoc = new WeakMap<Y.Doc, SyncAnswers>()

/** The sync step 2 message answering `stateVector` (throws on a malformed one). */
export function syncAnswer(doc: Y.Doc, stateVector: Uint8Array) {
  let answers = byDoc.get(doc)
  if (!answers) {
    answers = new SyncAnswers(doc)
    byDoc.set(doc, answers)
  }
  return answers.answer(doc, stateVector)
}

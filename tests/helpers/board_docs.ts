import * as Y from 'yjs'
import { v7 as uuidv7 } from 'uuid'
import { applyTemplate, fieldList, type Actor, type FieldJson } from '#boards/document/index'

/** Use for a card operation's actor: a made-up user. */
export function someone(): Actor {
  return { userId: uuidv7() }
}

/** Use for a board document on its own: a new doc filled from a template. */
export function boardDoc(template = 'project_tasks'): Y.Doc {
  const doc = new Y.Doc()
  applyTemplate(doc, template)
  return doc
}

/** Use for concurrent edits: `count` replicas of one board, all starting from the same state. */
export function replicas(count: number, template = 'project_tasks'): Y.Doc[] {
  const update = Y.encodeStateAsUpdate(boardDoc(template))
  return Array.from({ length: count }, () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    return doc
  })
}

/** Use to end a round of concurrent edits: every doc receives every update it misses. */
export function sync(...docs: Y.Doc[]) {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
    }
  }
}

/** Use to find a template's field by its name. */
export function fieldNamed(doc: Y.Doc, name: string): FieldJson {
  const field = fieldList(doc).find((candidate) => candidate.name === name)
  if (!field) throw new Error(`no field named ${name}`)
  return field
}

/** Use to find an option id of a select field by its label. */
export function optionId(doc: Y.Doc, fieldName: string, label: string): string {
  const option = fieldNamed(doc, fieldName).options?.find((candidate) => candidate.label === label)
  if (!option) throw new Error(`no option ${label} in ${fieldName}`)
  return option.id
}

/** Use to check what a call refuses: the error it throws, or undefined when it throws nothing. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
}

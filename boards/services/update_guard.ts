import * as Y from 'yjs'
import {
  FIELD_TYPES,
  LIMITS,
  OPTION_COLORS,
  VIEW_KINDS,
  WIDTHS,
  fieldsOf,
  validateValue,
  type FieldJson,
} from '#boards/document/index'
import { readField } from '#boards/document/schema'

type DeleteSet = ReturnType<typeof Y.createDeleteSet>

/**
 * Why an update was refused before it touched the document: it does not decode, depends on
 * changes the server never received (it would stay pending), steps outside the board schema
 * or its limits, or is too large.
 */
export class UpdateRejected extends Error {
  constructor(
    readonly reason: 'malformed' | 'pending' | 'invalid' | 'too_many_structs',
    message: string
  ) {
    super(message)
  }
}

/** Limits an update is checked against (config/board_sync.ts `documents`). */
export type GuardLimits = { maxStructsPerUpdate: number }

/** What an accepted update changes, for the store's accounting and authorship stamps. */
export type Inspection = {
  /** Structs new to the document (what it will hold more of). */
  structs: number
  /** Cards the update writes to, and those among them it creates. */
  cards: Set<string>
  createdCards: Set<string>
  /** Cards whose `updatedBy` the update sets itself. */
  stampedCards: Set<string>
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
const POSITION = /^[0-9A-Za-z]{1,200}$/
/** Deepest type of the schema: fields → field → options → option → its keys. */
const MAX_DEPTH = 5
/** A stored JSON value (view settings, a cell) encodes to at most this many characters. */
const MAX_JSON_CHARS = 20_000
/** A timestamp written by a client may run ahead of the server's clock by this much. */
const CLOCK_SKEW_MS = 5 * 60 * 1000

const ROOTS = new Set(['meta', 'fields', 'views', 'cards'])
const TEXT_LIMITS: Record<string, number> = { title: LIMITS.title, description: LIMITS.description }
const VIEW_KEYS = new Set([
  'name',
  'kind',
  'position',
  'groupBy',
  'dateField',
  'sort',
  'filters',
  'hiddenFields',
  'widths',
  'hiddenColumns',
])

type Struct = Y.Item | Y.GC | Y.Skip
type Key = string | null
/** Where an item hangs: a root type, a type already in the document, a type the update makes. */
type Parent =
  | { kind: 'root'; name: string }
  | { kind: 'doc'; type: Y.AbstractType<any> }
  | { kind: 'new'; item: Y.Item }
  | { kind: 'gc' }
type Placement = { parent: Parent; key: Key }

const refuse = (message: string) => new UpdateRejected('invalid', message)

function isIso(value: unknown) {
  if (typeof value !== 'string' || !DATETIME.test(value)) return false
  const at = Date.parse(value)
  return Number.isFinite(at) && at <= Date.now() + CLOCK_SKEW_MS
}

function jsonChars(value: unknown) {
  try {
    return JSON.stringify(value)?.length ?? 0
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/** A table's column widths: at most one per field, each a whole number of pixels in range. */
function validWidths(value: unknown) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const entries = Object.entries(value)
  return (
    entries.length <= LIMITS.fields &&
    entries.every(
      ([fieldId, width]) =>
        fieldId.length <= 64 &&
        typeof width === 'number' &&
        Number.isInteger(width) &&
        width >= WIDTHS.min &&
        width <= WIDTHS.max
    )
  )
}

/** The one value an item of a map key holds, or undefined when it holds anything else. */
function singleValue(item: Y.Item): { value: unknown } | undefined {
  const content = item.content
  if (content instanceof Y.ContentAny && content.arr.length === 1) return { value: content.arr[0] }
  return undefined
}

/**
 * Checks a client's update against the live document before it is applied, in time and
 * memory proportional to the update: the board schema (roots, keys, types, values, nesting),
 * text limits, authorship, and that everything it builds on is already in the document, so
 * nothing is left pending (pending structs are neither stored nor counted, yet end up in
 * the snapshot). `author` is the user the socket authenticated: cards may name only them as
 * their author or last editor.
 */
export function inspectUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  author: string,
  limits: GuardLimits
): Inspection {
  let decoded: { structs: Struct[]; ds: DeleteSet }
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded
  } catch (error) {
    throw new UpdateRejected('malformed', `The update does not decode: ${(error as Error).message}`)
  }
  return new Inspector(doc, decoded.structs, decoded.ds, author, limits).run()
}

class Inspector {
  #state = new Map<number, number>()
  /** The update's structs per client, in clock order, and where each client's run ends. */
  #own = new Map<number, Struct[]>()
  #ends = new Map<number, number>()
  #placements = new Map<Y.Item, Placement>()
  #paths = new Map<Y.Item, Key[]>()
  #texts = new Map<Y.AbstractType<any> | Y.Item, { key: string; added: number }>()
  #fields: Map<string, FieldJson | null> | null = null
  #result: Inspection = {
    structs: 0,
    cards: new Set(),
    createdCards: new Set(),
    stampedCards: new Set(),
  }

  constructor(
    readonly doc: Y.Doc,
    readonly structs: Struct[],
    readonly ds: DeleteSet,
    readonly author: string,
    readonly limits: GuardLimits
  ) {}

  run() {
    if (this.structs.length > this.limits.maxStructsPerUpdate) {
      throw new UpdateRejected(
        'too_many_structs',
        `An update may hold at most ${this.limits.maxStructsPerUpdate} changes`
      )
    }
    this.#index()
    const fresh = this.structs.filter((struct) => this.#isNew(struct))
    this.#result.structs = fresh.length
    for (const struct of fresh) {
      if (struct instanceof Y.Item) this.#checkDependencies(struct)
    }
    this.#checkDeletes()
    for (const struct of fresh) {
      if (struct instanceof Y.Item && !(struct.content instanceof Y.ContentDeleted)) {
        this.#checkItem(struct)
      }
    }
    this.#checkTextLengths()
    return this.#result
  }

  #stateOf(client: number) {
    let state = this.#state.get(client)
    if (state === undefined) {
      state = Y.getState(this.doc.store, client)
      this.#state.set(client, state)
    }
    return state
  }

  /** Groups the structs by client; a gap (a Skip, or a run starting past what we have) stays pending. */
  #index() {
    for (const struct of this.structs) {
      if (struct instanceof Y.Skip) {
        throw new UpdateRejected(
          'pending',
          'The update depends on changes this board never received'
        )
      }
      const { client, clock } = struct.id
      let list = this.#own.get(client)
      if (!list) {
        if (clock > this.#stateOf(client)) {
          throw new UpdateRejected(
            'pending',
            'The update depends on changes this board never received'
          )
        }
        list = []
        this.#own.set(client, list)
      }
      list.push(struct)
      this.#ends.set(client, clock + struct.length)
    }
  }

  #isNew(struct: Struct) {
    return struct.id.clock + struct.length > this.#stateOf(struct.id.client)
  }

  #known(id: Y.ID) {
    return id.clock < Math.max(this.#stateOf(id.client), this.#ends.get(id.client) ?? 0)
  }

  #checkDependencies(item: Y.Item) {
    const parent = item.parent as unknown
    for (const id of [item.origin, item.rightOrigin, parent instanceof Y.ID ? parent : null]) {
      if (id && !this.#known(id)) {
        throw new UpdateRejected(
          'pending',
          'The update depends on changes this board never received'
        )
      }
    }
  }

  #checkDeletes() {
    for (const [client, ranges] of this.ds.clients) {
      const end = Math.max(this.#stateOf(client), this.#ends.get(client) ?? 0)
      for (const range of ranges) {
        if (range.clock + range.len > end) {
          throw new UpdateRejected(
            'pending',
            'The update deletes changes this board never received'
          )
        }
      }
    }
  }

  /** The struct (in the document or in the update) holding `id`. */
  #structAt(id: Y.ID): Struct {
    if (id.clock < this.#stateOf(id.client)) return Y.getItem(this.doc.store, id) as Struct
    const list = this.#own.get(id.client)!
    let low = 0
    let high = list.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (list[middle].id.clock <= id.clock) low = middle
      else high = middle - 1
    }
    return list[low]
  }

  /** Where a struct hangs, resolved without recursion (a chain of origins can be long). */
  #placement(start: Y.Item): Placement {
    const chain: Y.Item[] = []
    let current: Y.Item = start
    let found: Placement
    for (;;) {
      const memo = this.#placements.get(current)
      if (memo) {
        found = memo
        break
      }
      const own = this.#ownPlacement(current)
      if (own) {
        found = own
        this.#placements.set(current, own)
        break
      }
      chain.push(current)
      const neighbour = this.#structAt((current.origin ?? current.rightOrigin)!)
      if (!(neighbour instanceof Y.Item)) {
        found = { parent: { kind: 'gc' }, key: null }
        break
      }
      if (neighbour.id.clock < this.#stateOf(neighbour.id.client)) {
        found = this.#docPlacement(neighbour)
        break
      }
      current = neighbour
    }
    for (const item of chain) this.#placements.set(item, found)
    return found
  }

  /** The placement an item names itself (a parent), or null when it hangs off a neighbour. */
  #ownPlacement(item: Y.Item): Placement | null {
    const parent = item.parent as unknown
    if (typeof parent === 'string')
      return { parent: { kind: 'root', name: parent }, key: item.parentSub }
    if (!(parent instanceof Y.ID)) return null
    const holder = this.#structAt(parent)
    if (!(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType)) {
      return { parent: { kind: 'gc' }, key: null }
    }
    if (parent.clock < this.#stateOf(parent.client)) {
      return { parent: { kind: 'doc', type: holder.content.type }, key: item.parentSub }
    }
    return { parent: { kind: 'new', item: holder }, key: item.parentSub }
  }

  #docPlacement(item: Y.Item): Placement {
    const parent = item.parent as unknown
    if (!(parent instanceof Y.AbstractType)) return { parent: { kind: 'gc' }, key: null }
    return { parent: { kind: 'doc', type: parent }, key: item.parentSub }
  }

  /** The keys from the root down to a parent; null for a GC'd one (nothing to check). */
  #pathOf(parent: Parent): Key[] | null {
    if (parent.kind === 'gc') return null
    if (parent.kind === 'root') return [parent.name]
    if (parent.kind === 'doc') return this.#docPath(parent.type)
    const memo = this.#paths.get(parent.item)
    if (memo) return memo
    // Climb the types the update makes, at most MAX_DEPTH of them, then join a known path.
    const climbed: Y.Item[] = []
    let current: Parent = parent
    while (current.kind === 'new' && !this.#paths.has(current.item)) {
      climbed.push(current.item)
      if (climbed.length > MAX_DEPTH) throw refuse('The update nests types too deeply')
      current = this.#placement(current.item).parent
    }
    let path =
      current.kind === 'new' ? this.#paths.get(current.item)! : (this.#pathOf(current) ?? null)
    if (path === null) return null
    for (const item of climbed.reverse()) {
      path = [...path, this.#placement(item).key]
      if (path.length > MAX_DEPTH) throw refuse('The update nests types too deeply')
      this.#paths.set(item, path)
    }
    return this.#paths.get(parent.item)!
  }

  #docPath(type: Y.AbstractType<any>): Key[] {
    const keys: Key[] = []
    let current: Y.AbstractType<any> | null = type
    while (current?._item) {
      keys.unshift(current._item.parentSub)
      if (keys.length > MAX_DEPTH) throw refuse('The document nests types too deeply')
      current = current._item.parent instanceof Y.AbstractType ? current._item.parent : null
    }
    if (!current) return keys
    keys.unshift(Y.findRootTypeKey(current))
    return keys
  }

  #checkItem(item: Y.Item) {
    const { parent, key } = this.#placement(item)
    const path = this.#pathOf(parent)
    if (path === null) return
    const [root] = path
    if (typeof root !== 'string' || !ROOTS.has(root)) {
      throw refuse(`"${root}" is not part of a board document`)
    }
    if (root === 'cards') return this.#checkCardItem(item, parent, path, key)
    if (root === 'fields') return this.#checkFieldItem(item, path, key)
    if (root === 'views') return this.#checkViewItem(item, path, key)
    return this.#checkMetaItem(item, path, key)
  }

  #checkCardItem(item: Y.Item, parent: Parent, path: Key[], key: Key) {
    if (path.length === 1) {
      if (typeof key !== 'string' || !UUID.test(key)) throw refuse('A card id must be a UUID')
      if (!(item.content instanceof Y.ContentType && item.content.type instanceof Y.Map)) {
        throw refuse('A card must be a map')
      }
      this.#result.cards.add(key)
      this.#result.createdCards.add(key)
      return
    }
    const cardId = path[1] as string
    this.#result.cards.add(cardId)
    if (path.length === 2) return this.#checkCardKey(item, parent, cardId, key)
    const property = path[2]
    if (path.length === 3 && (property === 'title' || property === 'description')) {
      if (!(item.content instanceof Y.ContentString))
        throw refuse(`A card ${property} is plain text`)
      const text = parent.kind === 'doc' ? parent.type : parent.kind === 'new' ? parent.item : null
      if (!text) return
      const entry = this.#texts.get(text) ?? { key: property, added: 0 }
      entry.added += item.content.getLength()
      this.#texts.set(text, entry)
      return
    }
    if (path.length === 3 && property === 'values') return this.#checkCell(item, key)
    if (property === 'checklist') return this.#checkChecklistItem(item, path, key)
    throw refuse('The update writes outside a card')
  }

  #checkCardKey(item: Y.Item, parent: Parent, cardId: string, key: Key) {
    const type = item.content instanceof Y.ContentType ? item.content.type : null
    const one = singleValue(item)
    switch (key) {
      case 'title':
      case 'description':
        if (type instanceof Y.Text) return
        throw refuse(`A card ${key} is a text`)
      case 'values':
        if (type instanceof Y.Map) return
        throw refuse('Card values are a map')
      case 'checklist':
        if (type instanceof Y.Map) return
        throw refuse('A card checklist is a map')
      case 'position':
        if (one && typeof one.value === 'string' && POSITION.test(one.value)) return
        throw refuse('A card position is an ordering key')
      case 'archived':
        if (one && typeof one.value === 'boolean') return
        throw refuse('archived is true or false')
      case 'createdAt':
      case 'createdBy':
        if (parent.kind !== 'new') throw refuse(`${key} is set once, when the card is made`)
        return this.#checkAuthorship(key, one)
      case 'updatedAt':
      case 'updatedBy':
        this.#checkAuthorship(key, one)
        if (key === 'updatedBy') this.#result.stampedCards.add(cardId)
        return
    }
    throw refuse(`"${key}" is not part of a card`)
  }

  /** A checklist item is a map under a UUID holding its text, whether it is done, its position. */
  #checkChecklistItem(item: Y.Item, path: Key[], key: Key) {
    if (path.length === 3) {
      const type = item.content instanceof Y.ContentType ? item.content.type : null
      if (typeof key === 'string' && UUID.test(key) && type instanceof Y.Map) return
      throw refuse('A checklist item is a map under a UUID')
    }
    const one = singleValue(item)
    const value = one?.value
    const fine =
      path.length === 4 &&
      one !== undefined &&
      (key === 'text'
        ? typeof value === 'string' && value.trim() !== '' && value.length <= LIMITS.checklistText
        : key === 'done'
          ? typeof value === 'boolean'
          : key === 'position' && typeof value === 'string' && POSITION.test(value))
    if (!fine) throw refuse(`Not a valid checklist item setting "${key}"`)
  }

  #checkAuthorship(key: string, one: { value: unknown } | undefined) {
    if (key.endsWith('By')) {
      if (one?.value === this.author) return
      throw refuse(`${key} must be you`)
    }
    if (one && isIso(one.value)) return
    throw refuse(`${key} must be an ISO date-time, not in the future`)
  }

  #checkCell(item: Y.Item, fieldId: Key) {
    const one = singleValue(item)
    if (typeof fieldId !== 'string' || !one) throw refuse('A card value is one value per field')
    const field = this.#field(fieldId)
    // A field the same update makes: its type is checked with the field; the value by size.
    if (field === undefined) {
      if (jsonChars(one.value) > MAX_JSON_CHARS) throw refuse('A card value is too large')
      return
    }
    if (field === null) throw refuse(`No field ${fieldId}`)
    try {
      const stored = validateValue(field, one.value)
      if (JSON.stringify(stored) !== JSON.stringify(one.value ?? null) && stored !== null) {
        throw new Error('not normalised')
      }
    } catch {
      throw refuse(`Not a valid value for the field "${field.name}"`)
    }
  }

  /** A field of the document; undefined when the update itself creates it; null when unknown. */
  #field(fieldId: string): FieldJson | null | undefined {
    this.#fields ??= new Map()
    if (!this.#fields.has(fieldId)) {
      const map = fieldsOf(this.doc).get(fieldId)
      this.#fields.set(fieldId, map instanceof Y.Map ? readField(fieldId, map) : null)
    }
    const field = this.#fields.get(fieldId)!
    if (field) return field
    const created = this.structs.some(
      (struct) =>
        struct instanceof Y.Item &&
        (struct.parent as unknown) === 'fields' &&
        struct.parentSub === fieldId &&
        struct.content instanceof Y.ContentType
    )
    return created ? undefined : null
  }

  #checkFieldItem(item: Y.Item, path: Key[], key: Key) {
    const type = item.content instanceof Y.ContentType ? item.content.type : null
    const one = singleValue(item)
    if (path.length === 1) {
      if (typeof key === 'string' && key.length <= 64 && type instanceof Y.Map) return
      throw refuse('A field is a map under its id')
    }
    if (path.length === 2) {
      if (key === 'name' && one && typeof one.value === 'string' && one.value.length <= LIMITS.name)
        return
      if (key === 'type' && one && (FIELD_TYPES as readonly unknown[]).includes(one.value)) return
      if (key === 'position' && one && typeof one.value === 'string' && POSITION.test(one.value))
        return
      if (key === 'options' && type instanceof Y.Array) return
      throw refuse(`Not a valid field setting "${key}"`)
    }
    if (path.length === 3 && path[2] === 'options') {
      if (key === null && type instanceof Y.Map) return
      throw refuse('An option is a map')
    }
    if (path.length === 4 && path[2] === 'options' && one && typeof one.value === 'string') {
      if (key === 'id' && one.value.length <= 64) return
      if (key === 'label' && one.value.length <= LIMITS.name) return
      if (key === 'color' && (OPTION_COLORS as readonly string[]).includes(one.value)) return
    }
    throw refuse('Not a valid field option')
  }

  #checkViewItem(item: Y.Item, path: Key[], key: Key) {
    const type = item.content instanceof Y.ContentType ? item.content.type : null
    if (path.length === 1) {
      if (typeof key === 'string' && key.length <= 64 && type instanceof Y.Map) return
      throw refuse('A view is a map under its id')
    }
    const one = singleValue(item)
    if (path.length !== 2 || typeof key !== 'string' || !VIEW_KEYS.has(key) || !one) {
      throw refuse(`Not a valid view setting "${key}"`)
    }
    const value = one.value
    const fine =
      key === 'name'
        ? typeof value === 'string' && value.length <= LIMITS.name
        : key === 'kind'
          ? (VIEW_KINDS as readonly unknown[]).includes(value)
          : key === 'position'
            ? typeof value === 'string' && POSITION.test(value)
            : key === 'groupBy' || key === 'dateField'
              ? value === null || (typeof value === 'string' && value.length <= 64)
              : key === 'widths'
                ? validWidths(value)
                : Array.isArray(value) && jsonChars(value) <= MAX_JSON_CHARS
    if (!fine) throw refuse(`Not a valid view setting "${key}"`)
  }

  #checkMetaItem(item: Y.Item, path: Key[], key: Key) {
    const one = singleValue(item)
    if (path.length === 1 && one) {
      if (key === 'schemaVersion' && typeof one.value === 'number') return
      if (key === 'groupBy' && (one.value === null || typeof one.value === 'string')) return
    }
    throw refuse(`Not a valid board setting "${key}"`)
  }

  /**
   * Titles and descriptions stay within their limits. What an update inserts is an upper
   * bound; only a text that would pass its limit is measured exactly, deletions included.
   */
  #checkTextLengths() {
    for (const [text, { key, added }] of this.#texts) {
      const limit = TEXT_LIMITS[key]
      const before = text instanceof Y.Text ? text.length : 0
      if (before + added <= limit) continue
      if (before + added - this.#deletedFrom(text) > limit) {
        throw refuse(`A card ${key} may hold at most ${limit} characters`)
      }
    }
  }

  /** Characters of a text that this update deletes (live ones in the document, or its own). */
  #deletedFrom(text: Y.AbstractType<any> | Y.Item) {
    let deleted = 0
    for (const [client, ranges] of this.ds.clients) {
      for (const range of ranges) {
        for (let clock = range.clock; clock < range.clock + range.len;) {
          const struct = this.#structAt(Y.createID(client, clock))
          const start = Math.max(struct.id.clock, range.clock)
          const end = Math.min(struct.id.clock + struct.length, range.clock + range.len)
          clock = end
          if (!(struct instanceof Y.Item) || !struct.countable) continue
          if (struct.id.clock < this.#stateOf(client) && struct.deleted) continue
          const owner = this.#isNew(struct)
            ? this.#placement(struct).parent
            : this.#docPlacement(struct).parent
          const holder =
            owner.kind === 'doc' ? owner.type : owner.kind === 'new' ? owner.item : null
          if (holder === text) deleted += end - start
        }
      }
    }
    return deleted
  }
}

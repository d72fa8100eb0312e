import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import ChatEventsRecorded from '#chat/events/chat_events_recorded'

/** What every realtime event looks like, live on SSE and in catch-up. */
export type Envelope = {
  type: string
  seq: number | null
  at: string
  data: Record<string, unknown>
}

export type RecordedEvent = { stream: string; envelope: Envelope }

/**
 * Events whose data is the current state of a post, re-read at catch-up:
 * the log keeps only the post id, so a deleted message leaves no copy of
 * its text behind.
 */
export const POST_EVENTS = new Set([
  'post.created',
  'post.edited',
  'post.deleted',
  'post.pinned',
  'post.unpinned',
])

/**
 * Events that quote a post (`data.post.message`): the log keeps them
 * without the quote, which catch-up re-reads from the post (empty once the
 * post is deleted).
 */
export const QUOTING_EVENTS = new Set(['notification.created'])

/** What the log keeps of an event's data. */
function storedData(type: string, data: Record<string, unknown>) {
  if (POST_EVENTS.has(type)) return {}
  if (!QUOTING_EVENTS.has(type)) return data
  const post = data.post as Record<string, unknown>
  return { ...data, post: { ...post, message: '' } }
}

/**
 * Takes the next number of a stream. One statement on PostgreSQL and SQLite
 * (an upsert with RETURNING), two on MySQL. The cursor row stays locked until
 * the transaction ends, so numbers are handed out in commit order: a client
 * that has seen seq N has seen everything before it.
 */
export async function nextSeq(trx: TransactionClientContract, stream: string): Promise<number> {
  if (trx.dialect.name === 'mysql') {
    await trx.rawQuery(
      'insert into stream_cursors (stream, seq) values (?, last_insert_id(1)) ' +
        'on duplicate key update seq = last_insert_id(seq + 1)',
      [stream]
    )
    const [rows] = await trx.rawQuery('select last_insert_id() as seq')
    return Number(rows[0].seq)
  }
  const result = await trx.rawQuery(
    'insert into stream_cursors (stream, seq) values (?, 1) ' +
      'on conflict (stream) do update set seq = stream_cursors.seq + 1 returning seq',
    [stream]
  )
  const rows = Array.isArray(result) ? result : result.rows
  return Number(rows[0].seq)
}

/**
 * The highest seq a stream has handed out and committed. Read before a page of
 * what the stream is about, everything up to it is in the page, so a client
 * catches up from it and never applies an event twice.
 */
export async function latestSeq(stream: string): Promise<number> {
  const row = await db.from('stream_cursors').where('stream', stream).select('seq').first()
  return Number(row?.seq ?? 0)
}

/**
 * Collects the events of one transaction. `record` numbers and stores an
 * event; the caller dispatches them once the transaction has committed.
 */
export class EventRecorder {
  readonly events: RecordedEvent[] = []

  constructor(private trx: TransactionClientContract) {}

  async record(
    stream: string,
    type: string,
    data: Record<string, unknown>,
    options: { refId?: string; seq?: number } = {}
  ) {
    const seq = options.seq ?? (await nextSeq(this.trx, stream))
    const at = new Date()
    const stored = storedData(type, data)
    await this.trx.table('stream_events').insert({
      stream,
      seq,
      type,
      ref_id: options.refId ?? null,
      data: JSON.stringify(stored),
      created_at: at,
    })
    const event = { stream, envelope: { type, seq, at: at.toISOString(), data } }
    this.events.push(event)
    return event
  }
}

/** A transaction and its recorder that a caller already holds, to run several use cases in. */
export type EventScope = { trx: TransactionClientContract; recorder: EventRecorder }

/**
 * Runs a use case in a transaction with an event recorder, and dispatches
 * its events after the commit (never for a rolled-back transaction). Given
 * a `scope`, it runs in that transaction instead, whose owner dispatches.
 */
export async function withEvents<T>(
  work: (trx: TransactionClientContract, recorder: EventRecorder) => Promise<T>,
  scope?: EventScope
): Promise<T> {
  if (scope) return work(scope.trx, scope.recorder)
  let recorder: EventRecorder | undefined
  const result = await db.transaction(async (trx) => {
    recorder = new EventRecorder(trx)
    return work(trx, recorder)
  })
  if (recorder && recorder.events.length > 0) await ChatEventsRecorded.dispatch(recorder.events)
  return result
}

/**
 * Dispatches a signal that is never written to the log (typing, presence)
 * to one or several streams; the same listener delivers it.
 */
export async function dispatchEphemeral(
  streams: string | string[],
  type: string,
  data: Record<string, unknown>
) {
  const at = new Date().toISOString()
  const events = [streams].flat().map((stream) => ({
    stream,
    envelope: { type, seq: null, at, data },
  }))
  if (events.length > 0) await ChatEventsRecorded.dispatch(events)
}

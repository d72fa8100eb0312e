import { BaseEvent } from '@adonisjs/core/events'
import type { RecordedEvent } from '#chat/services/event_log'

/**
 * Changes committed to the database, each already numbered in its stream.
 * Dispatched after commit; listeners deliver them (SSE, presence, ...).
 */
export default class ChatEventsRecorded extends BaseEvent {
  constructor(public events: RecordedEvent[]) {
    super()
  }
}

import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withUuid } from '#app/models/mixins/with_uuid'

export const BOARD_ROLES = ['admin', 'editor', 'commenter', 'viewer'] as const
export type BoardRole = (typeof BOARD_ROLES)[number]

/** The roles a board may give its channel's members by default (never admin). */
export const DEFAULT_ROLES = ['editor', 'commenter', 'viewer'] as const
export type DefaultRole = (typeof DEFAULT_ROLES)[number]

/** A board in a channel; its content is a Yjs document stored beside it. */
export default class Board extends compose(BaseModel, withUuid) {
  @column()
  declare teamId: string

  @column()
  declare channelId: string

  @column()
  declare title: string

  @column()
  declare icon: string

  @column()
  declare description: string

  @column()
  declare template: string

  @column()
  declare defaultRole: DefaultRole

  @column()
  declare creatorId: string | null

  @column.dateTime()
  declare archivedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isArchived() {
    return this.archivedAt !== null
  }

  /** The realtime stream of the board's channel, where board events go. */
  get stream() {
    return `channels/${this.channelId}`
  }
}

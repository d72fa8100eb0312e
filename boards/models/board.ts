import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withUuid } from '#app/models/mixins/with_uuid'

export const BOARD_ROLES = ['admin', 'editor', 'commenter', 'viewer'] as const
export type BoardRole = (typeof BOARD_ROLES)[number]

/** The roles a board may give its channel's members by default (never admin). */
export const DEFAULT_ROLES = ['editor', 'commenter', 'viewer'] as const
export type DefaultRole = (typeof DEFAULT_ROLES)[number]

/** What of a board's card activity also shows in its channel (it is always in the card's thread). */
export const CHANNEL_ACTIVITY = ['all', 'new_cards', 'none'] as const
export type ChannelActivity = (typeof CHANNEL_ACTIVITY)[number]

/** A board's short key, the `OPS` of `OPS-42`: a capital letter, then 1–9 capitals or digits. */
export const BOARD_KEY = /^[A-Z][A-Z0-9]{1,9}$/

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

  /** Unique in the team; null only for a board made before keys, until it first needs one. */
  @column()
  declare key: string | null

  /** The number its last card got (card numbers are never reused). */
  @column({ consume: (value) => Number(value) })
  declare lastCardNumber: number

  @column()
  declare channelActivity: ChannelActivity

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

import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withUuid } from '#app/models/mixins/with_uuid'

/**
 * `board`: the channel of a board made outside any channel. It behaves as a
 * private channel (its members see it) and is made only with its board.
 */
export const CHANNEL_TYPES = ['public', 'private', 'direct', 'group', 'board'] as const
export type ChannelType = (typeof CHANNEL_TYPES)[number]

/** The kinds people create through the channel API. */
export const CREATABLE_CHANNEL_TYPES = ['public', 'private', 'direct', 'group'] as const

export default class Channel extends compose(BaseModel, withUuid) {
  @column()
  declare teamId: string

  @column()
  declare type: ChannelType

  @column()
  declare name: string | null

  @column()
  declare displayName: string

  @column()
  declare purpose: string

  @column()
  declare header: string

  @column({ serializeAs: null })
  declare directKey: string | null

  @column({ consume: (value) => Boolean(value) })
  declare isDefault: boolean

  @column()
  declare creatorId: string | null

  @column.dateTime()
  declare archivedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isArchived() {
    return Boolean(this.archivedAt)
  }

  /** Direct and group messages: membership is fixed at creation. */
  get isConversation() {
    return this.type === 'direct' || this.type === 'group'
  }

  /** The realtime stream of this channel. */
  get stream() {
    return `channels/${this.id}`
  }
}

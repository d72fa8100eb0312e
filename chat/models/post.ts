import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withUuid } from '#app/models/mixins/with_uuid'

export type PostProps = Record<string, unknown>

/** Props as stored (JSON text); anything unreadable is no props. */
export function parseProps(value: unknown): PostProps | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'object') return value as PostProps
  try {
    const parsed = JSON.parse(String(value))
    return parsed && typeof parsed === 'object' ? parsed : null
  } catch {
    return null
  }
}

/** Longest message, in characters. */
export const MAX_MESSAGE_LENGTH = 16000

export default class Post extends compose(BaseModel, withUuid) {
  @column()
  declare channelId: string

  @column()
  declare userId: string

  @column({ consume: (value) => Number(value) })
  declare seq: number

  @column()
  declare rootId: string | null

  @column()
  declare clientId: string | null

  @column()
  declare type: string

  @column()
  declare message: string

  /** What a system post is about (a card, its changes), as JSON; null for people's posts. */
  @column({
    prepare: (value: PostProps | null) => (value ? JSON.stringify(value) : null),
    consume: (value: string | null) => parseProps(value),
  })
  declare props: PostProps | null

  /** Whether the post shows in the channel's history: roots do, replies only when sent there. */
  @column({ consume: (value) => Boolean(value) })
  declare inChannel: boolean

  @column({ consume: (value) => Boolean(value) })
  declare mentionsAll: boolean

  @column()
  declare replyCount: number

  /** How many files are attached (their rows say which). */
  @column({ consume: (value) => Number(value) })
  declare fileCount: number

  @column.dateTime()
  declare lastReplyAt: DateTime | null

  @column({ serializeAs: null })
  declare lastReplyId: string | null

  @column.dateTime()
  declare pinnedAt: DateTime | null

  @column.dateTime()
  declare editedAt: DateTime | null

  @column.dateTime()
  declare deletedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  get isDeleted() {
    return Boolean(this.deletedAt)
  }
}

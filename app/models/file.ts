import { DateTime } from 'luxon'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withUuid } from '#app/models/mixins/with_uuid'

/**
 * An uploaded file: its sanitised display name, the type sniffed from its
 * content, and where its bytes live on the files disk (`storageKey`, a
 * generated key; a thumbnail and a preview sit next to it for images). It
 * is uploaded into a channel and attached to at most one post.
 */
export default class File extends compose(BaseModel, withUuid) {
  @column()
  declare uploaderId: string

  @column()
  declare channelId: string

  @column()
  declare postId: string | null

  @column()
  declare name: string

  @column()
  declare mime: string

  @column({ consume: (value) => Number(value) })
  declare size: number

  @column({ serializeAs: null })
  declare storageKey: string

  @column()
  declare width: number | null

  @column()
  declare height: number | null

  @column({ consume: (value) => Boolean(value) })
  declare hasThumbnail: boolean

  @column({ consume: (value) => Boolean(value) })
  declare hasPreview: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare deletedAt: DateTime | null
}

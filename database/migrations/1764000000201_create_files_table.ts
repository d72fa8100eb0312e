import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Uploaded files. A file is uploaded into a channel, then attached to one
 * post by its uploader; until then only the uploader may read it. The
 * stored key is generated, never taken from the user.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('files', (table) => {
      table.uuid('id').primary()
      table.uuid('uploader_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table
        .uuid('channel_id')
        .notNullable()
        .references('id')
        .inTable('channels')
        .onDelete('CASCADE')
      table.uuid('post_id').nullable().references('id').inTable('posts').onDelete('CASCADE')
      table.string('name', 255).notNullable()
      table.string('mime', 127).notNullable()
      table.bigInteger('size').notNullable()
      table.string('storage_key', 255).notNullable()
      table.integer('width').nullable()
      table.integer('height').nullable()
      table.boolean('has_thumbnail').notNullable().defaultTo(false)
      table.boolean('has_preview').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('deleted_at', { useTz: true }).nullable()
      table.index(['post_id'])
      table.index(['uploader_id', 'created_at'])
    })

    this.schema.alterTable('posts', (table) => {
      table.smallint('file_count').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('posts', (table) => {
      table.dropColumn('file_count')
    })
    this.schema.dropTable('files')
  }
}

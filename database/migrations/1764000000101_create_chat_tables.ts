import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Channels, memberships, posts and what hangs off posts. Every query that
 * serves a user is backed by one of the indexes declared here.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('channels', (table) => {
      table.uuid('id').primary()
      table.uuid('team_id').notNullable().references('id').inTable('teams').onDelete('CASCADE')
      table.string('type', 16).notNullable()
      table.string('name', 64).nullable()
      table.string('display_name', 64).notNullable().defaultTo('')
      table.string('purpose', 250).notNullable().defaultTo('')
      table.string('header', 1024).notNullable().defaultTo('')
      table.string('direct_key', 80).nullable()
      table.boolean('is_default').notNullable().defaultTo(false)
      table.uuid('creator_id').nullable()
      table.timestamp('archived_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['team_id', 'name'])
      table.unique(['team_id', 'direct_key'])
    })

    this.schema.createTable('channel_members', (table) => {
      table.increments('id')
      table
        .uuid('channel_id')
        .notNullable()
        .references('id')
        .inTable('channels')
        .onDelete('CASCADE')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('role', 16).notNullable()
      table.string('notify', 16).notNullable().defaultTo('default')
      table.bigInteger('last_read_seq').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['channel_id', 'user_id'])
      table.index(['user_id', 'channel_id'])
    })

    this.schema.createTable('stream_cursors', (table) => {
      table.string('stream', 64).primary()
      table.bigInteger('seq').notNullable().defaultTo(0)
    })

    this.schema.createTable('posts', (table) => {
      table.uuid('id').primary()
      table
        .uuid('channel_id')
        .notNullable()
        .references('id')
        .inTable('channels')
        .onDelete('CASCADE')
      table.uuid('user_id').notNullable().references('id').inTable('users')
      table.bigInteger('seq').notNullable()
      table.uuid('root_id').nullable()
      table.string('client_id', 64).nullable()
      table.string('type', 32).notNullable().defaultTo('')
      table.text('message').notNullable()
      table.boolean('mentions_all').notNullable().defaultTo(false)
      table.integer('reply_count').notNullable().defaultTo(0)
      table.timestamp('last_reply_at', { useTz: true }).nullable()
      table.uuid('last_reply_id').nullable()
      table.timestamp('pinned_at', { useTz: true }).nullable()
      table.timestamp('edited_at', { useTz: true }).nullable()
      table.timestamp('deleted_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['channel_id', 'seq'])
      table.unique(['user_id', 'client_id'])
      table.index(['root_id', 'seq'])
    })

    this.schema.createTable('post_edits', (table) => {
      table.increments('id')
      table.uuid('post_id').notNullable().references('id').inTable('posts').onDelete('CASCADE')
      table.text('message').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['post_id', 'id'])
    })

    this.schema.createTable('post_mentions', (table) => {
      table.uuid('post_id').notNullable().references('id').inTable('posts').onDelete('CASCADE')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.uuid('channel_id').notNullable()
      table.uuid('root_id').nullable()
      table.bigInteger('seq').notNullable()
      table.primary(['post_id', 'user_id'])
      table.index(['user_id', 'channel_id', 'seq'])
    })

    this.schema.createTable('reactions', (table) => {
      table.uuid('post_id').notNullable().references('id').inTable('posts').onDelete('CASCADE')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('emoji', 64).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['post_id', 'user_id', 'emoji'])
    })

    this.schema.createTable('saved_posts', (table) => {
      table.increments('id')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.uuid('post_id').notNullable().references('id').inTable('posts').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['user_id', 'post_id'])
    })

    this.schema.createTable('thread_follows', (table) => {
      table.increments('id')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.uuid('root_id').notNullable().references('id').inTable('posts').onDelete('CASCADE')
      table.uuid('channel_id').notNullable()
      table.uuid('team_id').notNullable()
      table.boolean('following').notNullable().defaultTo(true)
      table.bigInteger('last_read_seq').notNullable().defaultTo(0)
      table.unique(['user_id', 'root_id'])
      table.index(['user_id', 'team_id'])
    })

    this.schema.createTable('stream_events', (table) => {
      table.increments('id')
      table.string('stream', 64).notNullable()
      table.bigInteger('seq').notNullable()
      table.string('type', 48).notNullable()
      table.uuid('ref_id').nullable()
      table.text('data').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['stream', 'seq'])
    })
  }

  async down() {
    for (const name of [
      'stream_events',
      'thread_follows',
      'saved_posts',
      'reactions',
      'post_mentions',
      'post_edits',
      'posts',
      'stream_cursors',
      'channel_members',
      'channels',
    ]) {
      this.schema.dropTable(name)
    }
  }
}

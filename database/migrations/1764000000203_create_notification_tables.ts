import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Notifications: each user's settings, per-channel mute, and the feed of
 * mentions, replies and direct messages that also drives batched email.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('notification_settings', (table) => {
      table.uuid('user_id').primary().references('id').inTable('users').onDelete('CASCADE')
      table.string('desktop', 16).notNullable().defaultTo('mention')
      table.boolean('email').notNullable().defaultTo(true)
      table.boolean('channel_wide').notNullable().defaultTo(true)
      // Up to 20 keywords of up to 64 characters, one per line: 20 × 64 + 19 = 1299.
      table.string('keywords', 1300).notNullable().defaultTo('')
      table.timestamp('dnd_until', { useTz: true }).nullable()
      table.timestamp('email_sent_at', { useTz: true }).nullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.alterTable('channel_members', (table) => {
      table.boolean('muted').notNullable().defaultTo(false)
    })

    this.schema.createTable('notifications', (table) => {
      table.bigIncrements('id')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.uuid('post_id').notNullable().references('id').inTable('posts').onDelete('CASCADE')
      table.uuid('channel_id').notNullable()
      table.uuid('team_id').notNullable()
      table.uuid('actor_id').notNullable()
      table.string('kind', 16).notNullable()
      table.boolean('email_pending').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['user_id', 'post_id'])
      table.index(['user_id', 'id'])
      table.index(['user_id', 'team_id', 'id'])
      table.index(['email_pending', 'user_id'])
    })
  }

  async down() {
    this.schema.dropTable('notifications')
    this.schema.alterTable('channel_members', (table) => {
      table.dropColumn('muted')
    })
    this.schema.dropTable('notification_settings')
  }
}

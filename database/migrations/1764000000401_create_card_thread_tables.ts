import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Cards in chat. Every card has a thread in its board's channel, whose root
 * is the card's own post; `card_threads` ties the two together, holds the
 * card's number (`OPS-42`), the message it was made from, and which due
 * reminders were sent. Posts gain `props` (what system posts are about) and
 * `in_channel` (whether a post shows in the channel's history: thread roots
 * do, replies do not, unless they are card activity a board sends there).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('posts', (table) => {
      table.text('props').nullable()
      table.boolean('in_channel').notNullable().defaultTo(true)
    })
    this.defer(async (db) => {
      await db.from('posts').whereNotNull('root_id').update({ in_channel: false })
    })

    this.schema.alterTable('boards', (table) => {
      table.string('key', 10).nullable()
      table.integer('last_card_number').notNullable().defaultTo(0)
      table.string('channel_activity', 16).notNullable().defaultTo('new_cards')
      table.unique(['team_id', 'key'])
    })

    // The column's name and colour beside its id, so a card preview needs no document.
    this.schema.alterTable('cards', (table) => {
      table.string('group_label', 120).nullable()
      table.string('group_color', 16).nullable()
    })

    this.schema.createTable('card_threads', (table) => {
      table.uuid('card_id').primary()
      table.uuid('board_id').notNullable().references('id').inTable('boards').onDelete('CASCADE')
      table.integer('number').notNullable()
      table.uuid('root_id').notNullable().references('id').inTable('posts').onDelete('CASCADE')
      table.uuid('source_post_id').nullable()
      // The due date a reminder was last sent for, so a changed date is reminded again.
      table.timestamp('due_soon_for', { useTz: true }).nullable()
      table.timestamp('overdue_for', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['board_id', 'number'])
      table.unique(['root_id'])
      table.index(['source_post_id'])
    })
  }

  async down() {
    this.schema.dropTable('card_threads')
    this.schema.alterTable('cards', (table) => {
      table.dropColumn('group_label')
      table.dropColumn('group_color')
    })
    this.schema.alterTable('boards', (table) => {
      table.dropUnique(['team_id', 'key'])
      table.dropColumn('key')
      table.dropColumn('last_card_number')
      table.dropColumn('channel_activity')
    })
    this.schema.alterTable('posts', (table) => {
      table.dropColumn('props')
      table.dropColumn('in_channel')
    })
  }
}

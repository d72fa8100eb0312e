import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Boards. A board lives in a channel; its content (fields, views, cards) is
 * one Yjs document, persisted as an append-only log of updates compacted
 * into snapshots. `cards` is the SQL projection of the document that
 * queries, permissions, reminders, exports and search read.
 */
export default class extends BaseSchema {
  async up() {
    const dialect = this.db.dialect.name
    const bytes = dialect === 'postgres' ? 'bytea' : dialect === 'mysql' ? 'longblob' : 'blob'

    this.schema.createTable('boards', (table) => {
      table.uuid('id').primary()
      table.uuid('team_id').notNullable().references('id').inTable('teams').onDelete('CASCADE')
      table
        .uuid('channel_id')
        .notNullable()
        .references('id')
        .inTable('channels')
        .onDelete('CASCADE')
      table.string('title', 120).notNullable()
      table.string('icon', 32).notNullable().defaultTo('')
      table.string('description', 1000).notNullable().defaultTo('')
      table.string('template', 32).notNullable().defaultTo('empty')
      table.string('default_role', 16).notNullable().defaultTo('editor')
      table.uuid('creator_id').nullable()
      table.timestamp('archived_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['channel_id', 'created_at'])
      table.index(['team_id'])
    })

    this.schema.createTable('board_members', (table) => {
      table.increments('id')
      table.uuid('board_id').notNullable().references('id').inTable('boards').onDelete('CASCADE')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('role', 16).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['board_id', 'user_id'])
      table.index(['user_id'])
    })

    this.schema.createTable('board_updates', (table) => {
      table.bigIncrements('id')
      table.uuid('board_id').notNullable().references('id').inTable('boards').onDelete('CASCADE')
      table.specificType('data', bytes).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['board_id', 'id'])
    })

    this.schema.createTable('board_snapshots', (table) => {
      table.uuid('board_id').primary().references('id').inTable('boards').onDelete('CASCADE')
      table.specificType('data', bytes).notNullable()
      table.bigInteger('last_update_id').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('cards', (table) => {
      table.uuid('id').primary()
      table.uuid('board_id').notNullable().references('id').inTable('boards').onDelete('CASCADE')
      table.string('title', 500).notNullable()
      table.string('group_value', 64).nullable()
      table.timestamp('due_at', { useTz: true }).nullable()
      table.boolean('archived').notNullable().defaultTo(false)
      table.string('position', 64).notNullable()
      table.text('field_values').notNullable()
      table.uuid('created_by').nullable()
      table.uuid('updated_by').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['board_id', 'group_value', 'position'])
      table.index(['board_id', 'due_at'])
      table.index(['due_at'])
    })

    this.schema.createTable('card_assignees', (table) => {
      table.uuid('card_id').notNullable().references('id').inTable('cards').onDelete('CASCADE')
      table.uuid('user_id').notNullable()
      table.uuid('board_id').notNullable()
      table.primary(['card_id', 'user_id'])
      table.index(['user_id', 'board_id'])
    })
  }

  async down() {
    for (const name of [
      'card_assignees',
      'cards',
      'board_snapshots',
      'board_updates',
      'board_members',
      'boards',
    ]) {
      this.schema.dropTable(name)
    }
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('teams', (table) => {
      table.uuid('id').primary()
      table.string('name', 64).notNullable()
      table.string('invite_code', 64).notNullable().unique()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('team_members', (table) => {
      table.increments('id')
      table.uuid('team_id').notNullable().references('id').inTable('teams').onDelete('CASCADE')
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('role', 16).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['team_id', 'user_id'])
      table.index(['user_id', 'team_id'])
    })
  }

  async down() {
    this.schema.dropTable('team_members')
    this.schema.dropTable('teams')
  }
}

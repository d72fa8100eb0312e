import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.uuid('id').primary()
      table.string('username', 32).notNullable().unique()
      table.string('email', 254).notNullable().unique()
      table.string('display_name', 64).notNullable().defaultTo('')
      table.string('password', 255).notNullable()
      table.boolean('is_admin').notNullable().defaultTo(false)
      table.timestamp('deactivated_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}

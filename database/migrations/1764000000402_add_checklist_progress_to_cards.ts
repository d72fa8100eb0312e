import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Card checklists live in the board document; the projection keeps how far each card's is
 * (items done out of all), so lists and card previews show progress without the document.
 * Cards made before checklists have none, so existing rows are right at 0 of 0.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('cards', (table) => {
      table.integer('checklist_done').notNullable().defaultTo(0)
      table.integer('checklist_total').notNullable().defaultTo(0)
    })
  }

  async down() {
    this.schema.alterTable('cards', (table) => {
      table.dropColumn('checklist_done')
      table.dropColumn('checklist_total')
    })
  }
}

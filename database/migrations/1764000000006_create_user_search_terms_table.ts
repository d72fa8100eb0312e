import { BaseSchema } from '@adonisjs/lucid/schema'
import { SEARCH_WORD_LENGTH } from '#app/helpers/text'
import { userSearchTerms } from '#app/helpers/user_search'

/**
 * The words people are found by in user search (app/helpers/user_search.ts),
 * kept by the User model on every save. A prefix is a range on `term`, so
 * the column compares in code-point order on every database (PostgreSQL
 * "C", MySQL utf8mb4_bin, SQLite's default BINARY) and the range is one
 * index scan. Existing accounts are indexed here.
 */
export default class extends BaseSchema {
  async up() {
    const dialect = this.db.dialect.name
    this.schema.createTable('user_search_terms', (table) => {
      table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      if (dialect === 'postgres') {
        table.specificType('term', `varchar(${SEARCH_WORD_LENGTH * 2}) collate "C"`).notNullable()
      } else {
        table
          .string('term', SEARCH_WORD_LENGTH * 2)
          .notNullable()
          .collate('utf8mb4_bin')
      }
      table.smallint('weight').notNullable()
      table.primary(['user_id', 'term'])
      table.index(['term', 'user_id'])
    })

    this.defer(async (db) => {
      const users = await db.from('users').select('id', 'username', 'display_name')
      const rows = users.flatMap((user) =>
        userSearchTerms(user.username, user.display_name ?? '').map((term) => ({
          user_id: user.id,
          ...term,
        }))
      )
      for (let start = 0; start < rows.length; start += 500) {
        await db.table('user_search_terms').multiInsert(rows.slice(start, start + 500))
      }
    })
  }

  async down() {
    this.schema.dropTable('user_search_terms')
  }
}

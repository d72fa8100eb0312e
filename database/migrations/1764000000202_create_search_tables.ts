import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The search index: one row per searchable post, holding the filters search
 * needs (channel, author, thread, files, links, date) and the post's words
 * as Hearth's tokenizer wrote them (chat/search/tokenizer.ts). Each database
 * indexes those words its own way (docs/search.md):
 *
 * - PostgreSQL: a `tsvector` column with a GIN index;
 * - MySQL/MariaDB: a FULLTEXT index on `body`, built without stopwords;
 * - SQLite: an FTS5 table over `body`, kept in step by triggers.
 */
export default class extends BaseSchema {
  async up() {
    const dialect = this.db.dialect.name
    this.schema.createTable('post_search', (table) => {
      table.bigIncrements('id')
      table
        .uuid('post_id')
        .notNullable()
        .unique()
        .references('id')
        .inTable('posts')
        .onDelete('CASCADE')
      table.uuid('channel_id').notNullable()
      table.uuid('user_id').notNullable()
      table.uuid('root_id').nullable()
      table.boolean('has_file').notNullable().defaultTo(false)
      table.boolean('has_link').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      if (dialect === 'postgres') table.specificType('vector', 'tsvector').notNullable()
      else table.text('body', 'mediumtext').notNullable()
      table.index(['created_at', 'id'])
      table.index(['channel_id', 'created_at'])
      table.index(['user_id', 'created_at'])
    })

    this.defer(async (db) => {
      if (dialect === 'postgres') {
        await db.rawQuery('CREATE INDEX post_search_vector_gin ON post_search USING gin (vector)')
      } else if (dialect === 'mysql') {
        await db.rawQuery('SET SESSION innodb_ft_enable_stopword = 0')
        await db.rawQuery('ALTER TABLE post_search ADD FULLTEXT INDEX post_search_body_ft (body)')
      } else {
        await db.rawQuery(
          `CREATE VIRTUAL TABLE post_search_fts USING fts5(
             body, content='post_search', content_rowid='id',
             tokenize = "unicode61 remove_diacritics 0 tokenchars '_'")`
        )
        await db.rawQuery(
          `CREATE TRIGGER post_search_ai AFTER INSERT ON post_search BEGIN
             INSERT INTO post_search_fts(rowid, body) VALUES (new.id, new.body);
           END`
        )
        await db.rawQuery(
          `CREATE TRIGGER post_search_ad AFTER DELETE ON post_search BEGIN
             INSERT INTO post_search_fts(post_search_fts, rowid, body) VALUES ('delete', old.id, old.body);
           END`
        )
        await db.rawQuery(
          `CREATE TRIGGER post_search_au AFTER UPDATE ON post_search BEGIN
             INSERT INTO post_search_fts(post_search_fts, rowid, body) VALUES ('delete', old.id, old.body);
             INSERT INTO post_search_fts(rowid, body) VALUES (new.id, new.body);
           END`
        )
      }
    })
  }

  async down() {
    if (this.db.dialect.name !== 'postgres' && this.db.dialect.name !== 'mysql') {
      this.defer(async (db) => {
        await db.rawQuery('DROP TABLE IF EXISTS post_search_fts')
      })
    }
    this.schema.dropTable('post_search')
  }
}

import type { Knex } from 'knex'
import type { Term } from '#chat/services/search/query_parser'

/**
 * How each database stores Hearth's tokens and matches a parsed query
 * against them (docs/search.md). The tokens come from our own tokenizer,
 * so no database's word splitter or stemmer is involved and the three
 * behave alike.
 */
export interface SearchBackend {
  /** The index columns of one post, from its tokens. */
  document(tokens: string[]): Record<string, unknown>
  /**
   * Restricts `query` (over `post_search as s`) to documents that match the
   * terms and none of the excluded ones. With terms, returns a relevance
   * expression (higher is better), rounded so that cursors compare exactly.
   */
  match(query: Knex.QueryBuilder, terms: Term[], excluded: Term[]): Relevance | null
}

/**
 * How to rank: `inside` expressions must be computed in the matching query
 * itself (FTS5's bm25, MySQL's MATCH); the others read `s.vector` and can be
 * computed on the few rows kept afterwards.
 */
export type Relevance = { score: Knex.Raw; inside: boolean }

type Raw = (sql: string, bindings?: readonly unknown[]) => Knex.Raw

/** PostgreSQL: a tsvector written by us (no parser, no stemming) and a GIN index. */
class PostgresBackend implements SearchBackend {
  constructor(private raw: Raw) {}

  document(tokens: string[]) {
    const positions = new Map<string, number[]>()
    tokens.forEach((token, index) => {
      const list = positions.get(token) ?? []
      if (list.length < 256) list.push(Math.min(index + 1, 16383))
      positions.set(token, list)
    })
    const literal = [...positions]
      .map(([token, at]) => `${PostgresBackend.quote(token)}:${at.join(',')}`)
      .join(' ')
    return { vector: this.raw('?::tsvector', [literal]) }
  }

  match(query: Knex.QueryBuilder, terms: Term[], excluded: Term[]) {
    const exclusion = excluded.map((term) => `!(${this.#term(term)})`)
    if (terms.length === 0) {
      query.whereRaw('s.vector @@ ?::tsquery', [exclusion.join(' & ')])
      return null
    }
    const tsquery = [...terms.map((term) => `(${this.#term(term)})`), ...exclusion].join(' & ')
    query.whereRaw('s.vector @@ ?::tsquery', [tsquery])
    const positive = terms.map((term) => `(${this.#term(term)})`).join(' & ')
    const score = this.raw('round(ts_rank_cd(s.vector, ?::tsquery)::numeric, 6)', [positive])
    return { score, inside: false }
  }

  #term(term: Term) {
    const last = term.tokens.length - 1
    return term.tokens
      .map(
        (token, index) => PostgresBackend.quote(token) + (term.prefix && index === last ? ':*' : '')
      )
      .join(' <-> ')
  }

  static quote(token: string) {
    return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
  }
}

/**
 * MySQL/MariaDB: InnoDB FULLTEXT in boolean mode. InnoDB ignores words
 * shorter than `innodb_ft_min_token_size` (3 by default, and only settable
 * at server start), so shorter tokens are stored and searched padded with
 * `_` (`go` → `go_`, `中国` → `中国_`); a prefix search is left unpadded,
 * so `go*` still finds `go_` and `gopher`.
 */
const MYSQL_MIN_TOKEN = 3

class MysqlBackend implements SearchBackend {
  constructor(private raw: Raw) {}

  document(tokens: string[]) {
    return { body: tokens.map(MysqlBackend.pad).join(' ') }
  }

  match(query: Knex.QueryBuilder, terms: Term[], excluded: Term[]) {
    for (const term of excluded) {
      query.whereRaw('NOT MATCH (s.body) AGAINST (? IN BOOLEAN MODE)', [this.#term(term)])
    }
    if (terms.length === 0) return null
    const against = terms.map((term) => `+${this.#term(term)}`).join(' ')
    query.whereRaw('MATCH (s.body) AGAINST (? IN BOOLEAN MODE)', [against])
    const score = this.raw('ROUND(MATCH (s.body) AGAINST (? IN BOOLEAN MODE), 6)', [against])
    return { score, inside: true }
  }

  #term(term: Term) {
    if (term.tokens.length === 1) {
      const [token] = term.tokens
      return term.prefix ? `${token}*` : MysqlBackend.pad(token)
    }
    const tokens = term.tokens.map(MysqlBackend.pad)
    if (!term.prefix) return `"${tokens.join(' ')}"`
    // InnoDB phrases cannot end in a prefix: the phrase without its last token, then that prefix.
    const last = term.tokens[term.tokens.length - 1]
    return `(+"${tokens.slice(0, -1).join(' ')}" +${last}*)`
  }

  static pad(token: string) {
    const length = [...token].length
    return length >= MYSQL_MIN_TOKEN ? token : token + '_'.repeat(MYSQL_MIN_TOKEN - length)
  }
}

/** SQLite: an FTS5 table over `post_search.body`, kept in step by triggers. */
class SqliteBackend implements SearchBackend {
  constructor(private raw: Raw) {}

  document(tokens: string[]) {
    return { body: tokens.join(' ') }
  }

  match(query: Knex.QueryBuilder, terms: Term[], excluded: Term[]) {
    if (terms.length === 0) {
      const any = excluded.map((term) => this.#term(term)).join(' OR ')
      query.whereRaw(
        's.id NOT IN (SELECT rowid FROM post_search_fts WHERE post_search_fts MATCH ?)',
        [any]
      )
      return null
    }
    const expression =
      terms.map((term) => this.#term(term)).join(' AND ') +
      excluded.map((term) => ` NOT ${this.#term(term)}`).join('')
    query.join('post_search_fts', 'post_search_fts.rowid', 's.id')
    query.whereRaw('post_search_fts MATCH ?', [expression])
    return { score: this.raw('round(-bm25(post_search_fts), 6)'), inside: true }
  }

  #term(term: Term) {
    const phrase = `"${term.tokens.join(' ').replace(/"/g, '""')}"`
    return term.prefix ? `${phrase} *` : phrase
  }
}

/** The backend for a connection's dialect (`postgres`, `mysql`, `better-sqlite3`). */
export function searchBackend(dialect: string, raw: Raw): SearchBackend {
  if (dialect === 'postgres') return new PostgresBackend(raw)
  if (dialect === 'mysql') return new MysqlBackend(raw)
  return new SqliteBackend(raw)
}

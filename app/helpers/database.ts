/**
 * Whether a driver error is a unique-constraint violation, on any of the
 * three databases. Services use it to turn a lost race into a clean 409/422.
 */
export function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; errno?: number }
  return (
    e?.code === '23505' ||
    e?.code === 'ER_DUP_ENTRY' ||
    e?.errno === 1062 ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}

/**
 * Locks the selected rows until the transaction ends. SQLite has no row
 * locks (it serialises writers), so there the query is left as it is.
 */
export function lockForUpdate<
  Query extends { forUpdate(): Query; client: { dialect: { name: string } } },
>(query: Query) {
  return query.client.dialect.name.includes('sqlite') ? query : query.forUpdate()
}

/** How many rows an UPDATE or DELETE touched, whatever shape the driver answers in. */
export function affectedRows(result: unknown) {
  return Number(Array.isArray(result) ? result[0] : result)
}

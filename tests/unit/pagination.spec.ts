import { test } from '@japa/runner'
import ApiError from '#app/exceptions/api_error'
import { decodeCursor, encodeCursor, keysetPage } from '#app/helpers/pagination'
import { scopesAllow } from '#app/helpers/scopes'

/** The error a call throws (sync or async), or undefined when it throws nothing. */
async function thrownBy(run: () => unknown) {
  try {
    await run()
  } catch (error) {
    return error
  }
}

test.group('Pagination cursors', () => {
  test('a cursor decodes back to the key it was made from', ({ assert }) => {
    for (const key of ['alba', 'zoë-ünïcode ✓', '01a21f5f-1fb1-752f-a038-f2a209abcf95', 42, 0]) {
      assert.strictEqual(decodeCursor(encodeCursor(key), 'after'), key)
    }
  })

  test('a cursor is safe to put in a query string as it is', ({ assert }) => {
    const cursor = encodeCursor('a/b+c=d?e&f')

    assert.match(cursor, /^[A-Za-z0-9_-]+$/)
    assert.equal(decodeCursor(cursor, 'after'), 'a/b+c=d?e&f')
  })

  test('a cursor that is not one the server issued is an invalid_cursor on its field', async ({
    assert,
  }) => {
    for (const garbage of ['', 'not-a-cursor', '!!!', Buffer.from('{"a":').toString('base64url')]) {
      const error = await thrownBy(() => decodeCursor(garbage, 'before'))

      assert.instanceOf(error, ApiError, `cursor ${JSON.stringify(garbage)}`)
      const apiError = error as ApiError
      assert.equal(apiError.status, 422)
      assert.equal(apiError.code, 'invalid_cursor')
      assert.equal(apiError.field, 'before')
      assert.equal(apiError.message, 'The cursor is not one this server issued')
    }
  })

  test('a page asked for with both before and after is refused before any query runs', async ({
    assert,
  }) => {
    let queried = false
    const query = {
      where: () => query,
      orderBy: () => query,
      limit: () => query,
      then: (resolve: (rows: string[]) => void) => {
        queried = true
        resolve([])
      },
    }
    const cursor = encodeCursor('alba')

    const error = await thrownBy(() =>
      keysetPage(query as any, {
        column: 'username',
        key: (row: string) => row,
        params: { before: cursor, after: cursor },
      })
    )

    assert.instanceOf(error, ApiError)
    assert.equal((error as ApiError).status, 422)
    assert.equal((error as ApiError).code, 'conflicting_cursors')
    assert.isFalse(queried)
  })
})

test.group('Token scopes', () => {
  test('admin covers write and read', ({ assert }) => {
    assert.isTrue(scopesAllow(['admin'], 'admin'))
    assert.isTrue(scopesAllow(['admin'], 'write'))
    assert.isTrue(scopesAllow(['admin'], 'read'))
  })

  test('write covers read but not admin', ({ assert }) => {
    assert.isTrue(scopesAllow(['write'], 'write'))
    assert.isTrue(scopesAllow(['write'], 'read'))
    assert.isFalse(scopesAllow(['write'], 'admin'))
  })

  test('read covers neither write nor admin', ({ assert }) => {
    assert.isTrue(scopesAllow(['read'], 'read'))
    assert.isFalse(scopesAllow(['read'], 'write'))
    assert.isFalse(scopesAllow(['read'], 'admin'))
  })

  test('no scope, or an unknown one, covers nothing', ({ assert }) => {
    assert.isFalse(scopesAllow([], 'read'))
    assert.isFalse(scopesAllow(['superuser'], 'read'))
    assert.isTrue(scopesAllow(['superuser', 'read'], 'read'))
  })
})

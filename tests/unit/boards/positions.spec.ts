import { test } from '@japa/runner'
import { byPosition, placeAt, type Placed } from '#boards/document/index'

/** The list after placing `id` at `index`, in (position, id) order, as ids. */
function order(list: Placed[], index: number, id = 'new') {
  const written = placeAt(list, index, id)
  const after = list
    .filter((entry) => entry.id !== id)
    .map((entry) => ({ ...entry, position: written.get(entry.id) ?? entry.position }))
  after.push({ id, position: written.get(id)! })
  return { ids: after.sort(byPosition).map((entry) => entry.id), written }
}

test.group('Board document: fractional positions', () => {
  test('a new key goes strictly between its neighbours, touching nothing else', ({ assert }) => {
    const list = [
      { id: 'a', position: 'a0' },
      { id: 'b', position: 'a1' },
    ]
    const cases: Array<[number, string[]]> = [
      [0, ['new', 'a', 'b']],
      [1, ['a', 'new', 'b']],
      [2, ['a', 'b', 'new']],
      [99, ['a', 'b', 'new']],
    ]
    for (const [index, expected] of cases) {
      const { ids, written } = order(list, index)
      assert.deepEqual(ids, expected, `index ${index}`)
      assert.deepEqual([...written.keys()], ['new'])
    }
    assert.deepEqual(order([], 0).ids, ['new'])
  })

  test('between two cards sharing a key, the tied run is spread out again', ({ assert }) => {
    const list = [
      { id: 'a', position: 'a0' },
      { id: 'b', position: 'a1' },
      { id: 'c', position: 'a1' },
      { id: 'd', position: 'a1' },
      { id: 'e', position: 'a2' },
    ]
    const { ids, written } = order(list, 2)
    assert.deepEqual(ids, ['a', 'b', 'new', 'c', 'd', 'e'])
    assert.sameMembers([...written.keys()], ['b', 'new', 'c', 'd'])
    const keys = ['b', 'new', 'c', 'd'].map((id) => written.get(id)!)
    assert.deepEqual(keys, [...new Set(keys)].sort())
    assert.isTrue(keys[0] > 'a0' && keys[3] < 'a2', keys.join(' '))
  })

  test('a column holding keys the library cannot read is re-keyed whole', ({ assert }) => {
    const list = [
      { id: 'a', position: '' },
      { id: 'b', position: '!!' },
    ]
    const { ids, written } = order(list, 1)
    assert.deepEqual(ids, ['a', 'new', 'b'])
    assert.equal(written.size, 3)
  })
})

import { test } from '@japa/runner'
import {
  matchQuality,
  noteVisit,
  rankSwitcher,
  readRecent,
} from '../../../resources/components/search/switcherRank.js'

const candidate = (label: string, names: string[], visitedAt = 0) => ({
  id: label,
  label,
  names,
  visitedAt,
})

/** A Storage of one's own. */
function memoryStorage() {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  }
}

test.group('Quick switcher: ranking', () => {
  test('"{query}" in {names} is quality {expected}')
    .with([
      { query: 'des', names: ['Design', 'design'], expected: 0 },
      { query: 'ops', names: ['Dev Ops', 'dev-ops'], expected: 1 },
      { query: 'ps', names: ['Dev Ops', 'dev-ops'], expected: 2 },
      { query: '~ops', names: ['ops'], expected: 0 },
      { query: 'élé', names: ['Éléonore'], expected: 0 },
      { query: 'zzz', names: ['Design'], expected: null },
      { query: '', names: ['Design'], expected: 0 },
    ])
    .run(({ assert }, { query, names, expected }) => {
      assert.strictEqual(matchQuality(query, names), expected)
    })

  test('a prefix beats a word start, which beats a substring, whatever the recency', ({
    assert,
  }) => {
    const ranked = rankSwitcher('ops', [
      candidate('Shops', ['shops'], 300),
      candidate('Dev Ops', ['dev-ops'], 200),
      candidate('Ops', ['ops'], 100),
      candidate('Design', ['design'], 400),
    ])
    assert.deepEqual(
      ranked.map((entry) => entry.label),
      ['Ops', 'Dev Ops', 'Shops']
    )
  })

  test('equal matches come most recently visited first, then by name', ({ assert }) => {
    const ranked = rankSwitcher('d', [
      candidate('Docs', ['docs']),
      candidate('Design', ['design'], 50),
      candidate('Deploys', ['deploys'], 90),
      candidate('Data', ['data']),
    ])
    assert.deepEqual(
      ranked.map((entry) => entry.label),
      ['Deploys', 'Design', 'Data', 'Docs']
    )
  })

  test('at most `limit` are kept', ({ assert }) => {
    const many = Array.from({ length: 30 }, (_, index) => candidate(`c${index}`, [`c${index}`]))
    assert.lengthOf(rankSwitcher('c', many, 12), 12)
  })

  test('visits are remembered, the most recent fifty kept', ({ assert }) => {
    const storage = memoryStorage()
    for (let index = 0; index < 60; index++) noteVisit(storage, `c${index}`, index)
    const recent = readRecent(storage)
    assert.lengthOf(Object.keys(recent), 50)
    assert.equal(recent.c59, 59)
    assert.isUndefined(recent.c0)
    assert.deepEqual(readRecent({ getItem: () => 'not json' }), {})
  })
})

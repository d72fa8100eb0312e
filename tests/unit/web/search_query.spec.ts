import { test } from '@japa/runner'
import {
  channelValues,
  dateValues,
  filterValues,
  groupBy,
  operatorSuggestions,
  personValues,
  replaceToken,
  resultLocation,
  snippetParts,
  tokenAt,
  valueKind,
} from '../../../resources/components/search/searchQuery.js'

/** The token before the `|` of a query written with its caret. */
const tokenOf = (written: string) => tokenAt(written.replace('|', ''), written.indexOf('|'))

test.group('Search box: the operator before the caret', () => {
  test('{written} is {expected.name}:{expected.value}')
    .with([
      { written: 'from:|', expected: { start: 0, end: 5, name: 'from', value: '' } },
      { written: 'deploy from:@al|', expected: { start: 7, end: 15, name: 'from', value: '@al' } },
      { written: 'IN:~op|s', expected: { start: 0, end: 7, name: 'in', value: '~op' } },
      { written: 'on:2025-|', expected: { start: 0, end: 8, name: 'on', value: '2025-' } },
      { written: 'dep|', expected: { start: 0, end: 3, name: null, value: 'dep' } },
      { written: 'a |', expected: { start: 2, end: 2, name: null, value: '' } },
      { written: '"note:|', expected: { start: 0, end: 6, name: null, value: '"note:' } },
    ])
    .run(({ assert }, { written, expected }) => {
      assert.deepEqual(tokenOf(written), expected)
    })

  test('each operator offers values of its kind', ({ assert }) => {
    assert.equal(valueKind('from'), 'person')
    assert.equal(valueKind('in'), 'channel')
    assert.equal(valueKind('before'), 'date')
    assert.equal(valueKind('after'), 'date')
    assert.equal(valueKind('on'), 'date')
    assert.equal(valueKind('has'), 'filter')
    assert.equal(valueKind('is'), 'filter')
    assert.isNull(valueKind('status'))
    assert.isNull(valueKind(null))
  })
})

test.group('Search box: suggestions', () => {
  test('operator names are offered by prefix, all of them for an empty box', ({ assert }) => {
    assert.lengthOf(operatorSuggestions(''), 7)
    assert.deepEqual(
      operatorSuggestions('f').map((s) => s.insert),
      ['from:']
    )
    assert.deepEqual(
      operatorSuggestions('O').map((s) => s.insert),
      ['on:']
    )
    assert.deepEqual(operatorSuggestions('deploy'), [])
    assert.deepEqual(operatorSuggestions('-fr'), [])
    // A word that is a whole operator name is left alone until its colon is typed.
    assert.deepEqual(operatorSuggestions('in'), [])
  })

  test('from: inserts the username with its @', ({ assert }) => {
    const people = [{ id: '1', username: 'alice', displayName: 'Alice Liddell' }]
    assert.deepEqual(personValues(people), [
      {
        id: 'person-1',
        kind: 'person',
        label: 'Alice Liddell',
        detail: '@alice',
        insert: 'from:@alice ',
        seed: '1',
      },
    ])
  })

  test('in: offers channels by name or word of their display name, then cards', ({ assert }) => {
    const channels = [
      { id: 'a', name: 'ops', displayName: 'Operations' },
      { id: 'b', name: 'dev-ops', displayName: 'Dev Ops' },
      { id: 'c', name: 'design', displayName: 'Design' },
    ]
    assert.deepEqual(
      channelValues('~op', channels).map((s) => s.insert),
      ['in:~ops ', 'in:~dev-ops ']
    )
    assert.deepEqual(
      channelValues('', channels).map((s) => s.insert),
      ['in:~design ', 'in:~dev-ops ', 'in:~ops ', 'in:board ']
    )
    assert.deepEqual(
      channelValues('bo', channels).map((s) => s.insert),
      ['in:board ']
    )
    // `~board` names a channel, never the cards.
    assert.deepEqual(channelValues('~bo', channels), [])
  })

  test('dates offer today, yesterday, a week ago and the picker, narrowed by what is typed', ({
    assert,
  }) => {
    const today = new Date(2025, 2, 14, 10, 0)
    assert.deepEqual(
      dateValues('on', '', today).map((s) => [s.label, s.insert]),
      [
        ['Today', 'on:2025-03-14 '],
        ['Yesterday', 'on:2025-03-13 '],
        ['A week ago', 'on:2025-03-07 '],
        ['Choose a date…', 'on:'],
      ]
    )
    assert.isTrue(dateValues('on', '', today).at(-1)!.picker)
    assert.deepEqual(
      dateValues('before', '2025-03-1', today).map((s) => s.detail),
      ['2025-03-14', '2025-03-13', 'YYYY-MM-DD']
    )
    // A whole day typed needs nothing more.
    assert.deepEqual(dateValues('after', '2024-12-31', today), [])
  })

  test('has: and is: offer their values', ({ assert }) => {
    assert.deepEqual(
      filterValues('has', '').map((s) => s.insert),
      ['has:file ', 'has:link ']
    )
    assert.deepEqual(
      filterValues('is', 'p').map((s) => s.insert),
      ['is:pinned ']
    )
    assert.deepEqual(filterValues('is', 'pinned'), [])
  })

  test('a chosen suggestion replaces the whole token and leaves one space', ({ assert }) => {
    const text = 'deploy from:@al in:~ops'
    const token = tokenAt(text, 15)
    assert.deepEqual(replaceToken(text, token, 'from:@alice '), {
      text: 'deploy from:@alice in:~ops',
      caret: 19,
    })
    const end = tokenAt('in:', 3)
    assert.deepEqual(replaceToken('in:', end, 'in:~ops '), { text: 'in:~ops ', caret: 8 })
  })
})

test.group('Search results', () => {
  test('a snippet splits at its highlight offsets: {name}')
    .with([
      {
        name: 'two matches',
        text: 'we deployed the fix',
        highlights: [
          [3, 11],
          [16, 19],
        ] as [number, number][],
        expected: [
          { text: 'we ', match: false },
          { text: 'deployed', match: true },
          { text: ' the ', match: false },
          { text: 'fix', match: true },
        ],
      },
      {
        name: 'none',
        text: '<b>hi</b>',
        highlights: [] as [number, number][],
        expected: [{ text: '<b>hi</b>', match: false }],
      },
      {
        name: 'out of order, overlapping and past the end',
        text: 'abcdef',
        highlights: [
          [4, 99],
          [0, 2],
          [1, 3],
        ] as [number, number][],
        expected: [
          { text: 'abc', match: true },
          { text: 'd', match: false },
          { text: 'ef', match: true },
        ],
      },
    ])
    .run(({ assert }, { text, highlights, expected }) => {
      const parts = snippetParts(text, highlights)
      assert.deepEqual(parts, expected)
      assert.equal(parts.map((part) => part.text).join(''), text)
    })

  test('results group by channel in the order they came', ({ assert }) => {
    const groups = groupBy(['a1', 'b1', 'a2', 'c1'], (item) => item[0])
    assert.deepEqual(groups, [
      { key: 'a', items: ['a1', 'a2'] },
      { key: 'b', items: ['b1'] },
      { key: 'c', items: ['c1'] },
    ])
  })

  test('a message opens its channel at it, a reply its thread too, a card its address', ({
    assert,
  }) => {
    const post = { id: 'p', channelId: 'c', rootId: null, type: '', props: null }
    assert.deepEqual(resultLocation('t', { post }), {
      name: 'channel',
      params: { teamId: 't', channelId: 'c' },
      query: { post: 'p' },
    })
    assert.deepEqual(resultLocation('t', { post: { ...post, rootId: 'r' } }).query, {
      post: 'p',
      thread: 'r',
    })
    const card = { ...post, type: 'card', props: { cardId: 'k', boardId: 'b', ref: 'PJ-1' } }
    assert.deepEqual(resultLocation('t', { post: card }), {
      name: 'card',
      params: { boardId: 'b', cardId: 'k' },
    })
  })
})

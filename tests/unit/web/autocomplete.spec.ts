import { test } from '@japa/runner'
import {
  channelSuggestions,
  commandSuggestions,
  emojiSuggestions,
  findToken,
  personSuggestions,
  rankPeople,
  replaceToken,
  routeMessage,
} from '../../../resources/composables/autocomplete.js'

/** The token before the `|` of a text written with its caret. */
const tokenAt = (written: string) => findToken(written.replace('|', ''), written.indexOf('|'))

const commands = [
  {
    name: 'card',
    description: 'Cards of the channel’s boards',
    forms: [
      { usage: '/card new <title>', subcommand: 'new', description: 'A card', args: [] },
      { usage: '/card move OPS-42 <column>', subcommand: 'move', description: 'Moves', args: [] },
    ],
  },
  {
    name: 'board',
    description: 'Boards',
    forms: [{ usage: '/board list', subcommand: 'list', description: 'Lists', args: [] }],
  },
  {
    name: 'away',
    description: 'Away',
    forms: [{ usage: '/away', subcommand: '', description: '', args: [] }],
  },
]

test.group('Composer autocomplete: the token before the caret', () => {
  test('a token is found: {written}')
    .with([
      { written: '@|', expected: { trigger: '@', query: '', start: 0, end: 1 } },
      { written: 'hi @bo|', expected: { trigger: '@', query: 'bo', start: 3, end: 6 } },
      { written: '(@el.m|', expected: { trigger: '@', query: 'el.m', start: 1, end: 6 } },
      { written: 'see ~dev-o|ps', expected: { trigger: '~', query: 'dev-o', start: 4, end: 10 } },
      { written: 'nice :ta|', expected: { trigger: ':', query: 'ta', start: 5, end: 8 } },
      { written: ':+1|', expected: { trigger: ':', query: '+1', start: 0, end: 3 } },
      { written: '/ca|', expected: { trigger: '/', query: 'ca', start: 0, end: 3 } },
      { written: '/card mo|', expected: { trigger: '/', query: 'card mo', start: 0, end: 8 } },
    ])
    .run(({ assert }, { written, expected }) => {
      assert.deepEqual(tokenAt(written), expected)
    })

  test('nothing to complete: {written}')
    .with([
      { written: 'mail bob@exa|' },
      { written: 'at 12:30|' },
      { written: 'smile :a|' },
      { written: 'hi @bob |' },
      { written: 'no trigger|' },
      { written: 'hi /car|' },
      { written: '/card move OP|' },
      { written: 'x~dev|' },
    ])
    .run(({ assert }, { written }) => {
      assert.isNull(tokenAt(written))
    })
})

test.group('Composer autocomplete: replacing the token', () => {
  test('the token becomes the insertion and the caret lands after its space', ({ assert }) => {
    const text = 'hi @bo'
    const result = replaceToken(text, findToken(text, 6)!, '@bob ')
    assert.deepEqual(result, { text: 'hi @bob ', caret: 8 })
  })

  test('the rest of a word under the caret goes too, and a following space is kept', ({
    assert,
  }) => {
    const text = 'hi @bo|b there'.replace('|', '')
    const result = replaceToken(text, findToken(text, 6)!, '@bobby ')
    assert.deepEqual(result, { text: 'hi @bobby there', caret: 10 })
  })

  test('a command is replaced by its sub-command form', ({ assert }) => {
    const result = replaceToken('/card m', findToken('/card m', 7)!, '/card move ')
    assert.deepEqual(result, { text: '/card move ', caret: 11 })
  })
})

test.group('Composer autocomplete: ranking', () => {
  const people = [
    { id: '1', username: 'robert', displayName: 'Bob Stone' },
    { id: '2', username: 'bob', displayName: 'Bob Marsh' },
    { id: '3', username: 'bobby', displayName: 'Éléonore Bobet' },
    { id: '4', username: 'alice', displayName: 'Alice' },
  ]

  test('people: the exact username, then usernames starting with it, then name words', ({
    assert,
  }) => {
    assert.deepEqual(
      rankPeople('bob', people).map((p) => p.username),
      ['bob', 'bobby', 'robert']
    )
    assert.deepEqual(
      rankPeople('ele', people).map((p) => p.username),
      ['bobby']
    )
  })

  test('special mentions follow the people and match by prefix', ({ assert }) => {
    const rows = personSuggestions('', [people[3]])
    assert.deepEqual(
      rows.map((row) => row.insert),
      ['@alice ', '@here ', '@channel ', '@all ']
    )
    assert.deepEqual(
      personSuggestions('ch', []).map((row) => row.label),
      ['@channel']
    )
  })

  test('channels match their name or a word of their display name', ({ assert }) => {
    const channels = [
      { id: 'a', name: 'town-square', displayName: 'Town Square' },
      { id: 'b', name: 'dev-ops', displayName: 'Operations' },
      { id: 'c', name: 'random', displayName: 'Off topic' },
    ]
    assert.deepEqual(
      channelSuggestions('o', channels).map((row) => row.insert),
      ['~dev-ops ', '~random ']
    )
    assert.deepEqual(
      channelSuggestions('tow', channels).map((row) => row.detail),
      ['~town-square']
    )
  })

  test('emoji: the exact shortcode, then prefixes (shortest first), then containing', ({
    assert,
  }) => {
    const entries = [
      { shortcodes: ['smiley_cat'], unicode: '😺' },
      { shortcodes: ['grinning', 'smiley'], unicode: '😃' },
      { shortcodes: ['smile'], unicode: '😄' },
      { shortcodes: ['sweat_smile'], unicode: '😅' },
      { shortcodes: ['tada'], unicode: '🎉' },
    ]
    assert.deepEqual(
      emojiSuggestions('smile', entries).map((row) => row.insert),
      [':smile: ', ':smiley: ', ':smiley_cat: ', ':sweat_smile: ']
    )
    assert.equal(emojiSuggestions('ta', entries)[0].glyph, '🎉')
  })

  test('commands list their forms; a sub-command narrows them', ({ assert }) => {
    assert.deepEqual(
      commandSuggestions('', commands).map((row) => row.insert),
      ['/card new ', '/card move ', '/board list ', '/away ']
    )
    assert.deepEqual(
      commandSuggestions('car', commands).map((row) => row.label),
      ['/card new <title>', '/card move OPS-42 <column>']
    )
    assert.deepEqual(
      commandSuggestions('card m', commands).map((row) => row.insert),
      ['/card move ']
    )
    assert.deepEqual(commandSuggestions('cards', commands), [])
  })
})

test.group('Composer: what Enter does with a message', () => {
  test('{message} is routed as the table says')
    .with([
      { message: '/card new Oven', expected: { command: '/card new Oven' } },
      { message: '/nope', expected: { command: '/nope' } },
      { message: '//shrug', expected: { post: '/shrug' } },
      { message: '/usr/bin is full', expected: { post: '/usr/bin is full' } },
      { message: 'hello /card', expected: { post: 'hello /card' } },
    ])
    .run(({ assert }, { message, expected }) => {
      assert.deepEqual(routeMessage(message), expected)
    })
})

import { test } from '@japa/runner'
import { MAX_TOKEN_LENGTH, hasLink, indexTokens, tokenize } from '#chat/services/search/tokenizer'
import { parseSearchQuery, SearchQueryError } from '#chat/services/search/query_parser'
import { snippet } from '#chat/services/search/snippet'

/** The texts of a query's tokens, as the index would be searched for them. */
function queryTokens(text: string) {
  return tokenize(text, true).map((token) => token.text)
}

/** The code of the SearchQueryError that parsing `text` throws (fails when it parses). */
function errorCode(text: string) {
  try {
    parseSearchQuery(text)
  } catch (error) {
    if (error instanceof SearchQueryError) return error.code
    throw error
  }
  throw new Error(`"${text}" parsed without an error`)
}

/** The highlighted pieces of a snippet, as text, so a test reads what a reader would see. */
function marked(text: string, query: string) {
  const result = snippet(text, parseSearchQuery(query).terms)
  return result.highlights.map(([start, end]) => result.text.slice(start, end))
}

test.group('Search tokenizer', () => {
  test('words are runs of letters, digits and underscores, lower-cased', ({ assert }) => {
    assert.deepEqual(indexTokens('Deploy the API-v2 to prod_eu, at 10:30!'), [
      'deploy',
      'the',
      'api',
      'v2',
      'to',
      'prod_eu',
      'at',
      '10',
      '30',
    ])
    assert.deepEqual(indexTokens('  ...  !!! '), [])
  })

  test('accents on Latin letters are folded, composed or not', ({ assert }) => {
    assert.deepEqual(indexTokens('Café crème Ångström naïve'), [
      'cafe',
      'creme',
      'angstrom',
      'naive',
    ])
    assert.deepEqual(indexTokens('cafe\u0301'), ['cafe'])
    assert.deepEqual(indexTokens('ÇA'), ['ca'])
  })

  test('letters of other scripts keep their accents', ({ assert }) => {
    assert.deepEqual(indexTokens('Καλημέρα κόσμε'), ['καλημέρα', 'κόσμε'])
    assert.deepEqual(indexTokens('Привет мир'), ['привет', 'мир'])
  })

  test('full-width letters and digits match their ASCII twins', ({ assert }) => {
    assert.deepEqual(indexTokens('ＨＥＬＬＯ Ｗｏｒｌｄ １２３'), ['hello', 'world', '123'])
  })

  test('a Chinese run is indexed as overlapping pairs followed by its last character', ({
    assert,
  }) => {
    assert.deepEqual(indexTokens('中华人民共和国'), [
      '中华',
      '华人',
      '人民',
      '民共',
      '共和',
      '和国',
      '国',
    ])
    assert.deepEqual(indexTokens('中'), ['中'])
    assert.deepEqual(indexTokens('中国 人'), ['中国', '国', '人'])
  })

  test('Japanese kana and kanji, with the long-vowel and repeat marks, form one run', ({
    assert,
  }) => {
    assert.deepEqual(indexTokens('東京タワー'), ['東京', '京タ', 'タワ', 'ワー', 'ー'])
    assert.deepEqual(indexTokens('時々'), ['時々', '々'])
    assert.deepEqual(indexTokens('ひらがな'), ['ひら', 'らが', 'がな', 'な'])
  })

  test('a Latin word stops where Chinese or Japanese begins', ({ assert }) => {
    assert.deepEqual(indexTokens('我用Python写代码'), [
      '我用',
      '用',
      'python',
      '写代',
      '代码',
      '码',
    ])
    assert.deepEqual(indexTokens('iPhone対応'), ['iphone', '対応', '応'])
  })

  test('a Han character outside the basic plane is Chinese too', ({ assert }) => {
    assert.deepEqual(indexTokens('𠮷野家'), ['𠮷野', '野家', '家'])
  })

  test('a query leaves out the last character of a Chinese run that ends it', ({ assert }) => {
    assert.deepEqual(queryTokens('中国人'), ['中国', '国人'])
    assert.deepEqual(queryTokens('中国人 hello'), ['中国', '国人', '人', 'hello'])
    assert.deepEqual(queryTokens('国'), ['国'])
    assert.deepEqual(queryTokens('hello'), ['hello'])
  })

  test('offsets point at each token in the original text, in UTF-16 units', ({ assert }) => {
    const text = 'Héllo, 中国人 and 𠮷野 ＯＫ'
    const tokens = tokenize(text)

    assert.deepEqual(
      tokens.map((token) => [token.text, text.slice(token.start, token.end)]),
      [
        ['hello', 'Héllo'],
        ['中国', '中国'],
        ['国人', '国人'],
        ['人', '人'],
        ['and', 'and'],
        ['𠮷野', '𠮷野'],
        ['野', '野'],
        ['ok', 'ＯＫ'],
      ]
    )
  })

  test('very long tokens are cut', ({ assert }) => {
    const [token] = indexTokens('a'.repeat(200))

    assert.lengthOf(token, MAX_TOKEN_LENGTH)
  })

  test('links are told apart from text', ({ assert }) => {
    assert.isTrue(hasLink('see https://example.com/a?b=c'))
    assert.isTrue(hasLink('http://localhost:3000'))
    assert.isTrue(hasLink('go to www.example.org now'))
    assert.isFalse(hasLink('https is a protocol; example.com is a name'))
    assert.isFalse(hasLink('www and dots.'))
  })
})

test.group('Search query parser', () => {
  test('words become single-token terms and a quoted phrase one term of its tokens', ({
    assert,
  }) => {
    const query = parseSearchQuery('Deploy "release train" e-mail')

    assert.deepEqual(query.terms, [
      { tokens: ['deploy'], prefix: false },
      { tokens: ['release', 'train'], prefix: false },
      { tokens: ['e', 'mail'], prefix: false },
    ])
    assert.deepEqual(query.excluded, [])
  })

  test('an unclosed quote runs to the end of the query', ({ assert }) => {
    assert.deepEqual(parseSearchQuery('"release train').terms, [
      { tokens: ['release', 'train'], prefix: false },
    ])
  })

  test('a trailing star makes a prefix; a lone star is nothing', ({ assert }) => {
    assert.deepEqual(parseSearchQuery('deploy*').terms, [{ tokens: ['deploy'], prefix: true }])
    assert.deepEqual(parseSearchQuery('api-v*').terms, [
      { tokens: ['api'], prefix: false },
      { tokens: ['v'], prefix: true },
    ])
    assert.deepEqual(parseSearchQuery('deploy *').terms, [{ tokens: ['deploy'], prefix: false }])
  })

  test('a leading minus excludes a word, a prefix or a phrase', ({ assert }) => {
    const query = parseSearchQuery('deploy -staging -test* -"dry run"')

    assert.deepEqual(query.terms, [{ tokens: ['deploy'], prefix: false }])
    assert.deepEqual(query.excluded, [
      { tokens: ['staging'], prefix: false },
      { tokens: ['test'], prefix: true },
      { tokens: ['dry', 'run'], prefix: false },
    ])
  })

  test('Chinese queries become phrases of pairs; a character that ends one is a prefix', ({
    assert,
  }) => {
    assert.deepEqual(parseSearchQuery('中国人').terms, [
      { tokens: ['中国', '国人'], prefix: false },
    ])
    assert.deepEqual(parseSearchQuery('国').terms, [{ tokens: ['国'], prefix: true }])
    assert.deepEqual(parseSearchQuery('Python写').terms, [
      { tokens: ['python', '写'], prefix: true },
    ])
    assert.deepEqual(parseSearchQuery('"hello 世界"').terms, [
      { tokens: ['hello', '世界'], prefix: false },
    ])
  })

  test('from: and in: take a name with or without its sigil, in any case', ({ assert }) => {
    const query = parseSearchQuery('from:@Alice from:bob in:~Town-Square in:dev')

    assert.deepEqual(query.from, ['alice', 'bob'])
    assert.deepEqual(query.in, ['town-square', 'dev'])
    assert.deepEqual(query.terms, [])
  })

  test('before:, after: and on: take calendar dates', ({ assert }) => {
    const query = parseSearchQuery('before:2024-03-10 after:2024-01-31 on:2024-02-29')

    assert.deepEqual(query.before, ['2024-03-10'])
    assert.deepEqual(query.after, ['2024-01-31'])
    assert.deepEqual(query.on, ['2024-02-29'])
  })

  test('has: and is: set their flags, names in any case', ({ assert }) => {
    const query = parseSearchQuery('has:file has:LINK is:pinned Is:Thread')

    assert.isTrue(query.hasFile)
    assert.isTrue(query.hasLink)
    assert.isTrue(query.isPinned)
    assert.isTrue(query.isThread)
    assert.isFalse(parseSearchQuery('deploy').hasFile)
  })

  test('a link is a word, not an operator', ({ assert }) => {
    assert.deepEqual(parseSearchQuery('https://example.com').terms, [
      { tokens: ['https', 'example', 'com'], prefix: false },
    ])
    assert.deepEqual(parseSearchQuery('"from:alice"').terms, [
      { tokens: ['from', 'alice'], prefix: false },
    ])
  })

  test('every malformed query is refused with its own code', ({ assert }) => {
    const cases: Array<[string, string]> = [
      ['deploy foo:bar', 'unknown_operator'],
      ['note: deploy', 'unknown_operator'],
      ['deploy from:', 'missing_value'],
      ['deploy from:@', 'missing_value'],
      ['deploy in:~', 'missing_value'],
      ['deploy on:""', 'missing_value'],
      ['on:2024-13-01', 'invalid_date'],
      ['on:2023-02-29', 'invalid_date'],
      ['before:yesterday', 'invalid_date'],
      ['after:2024-1-5', 'invalid_date'],
      ['has:image', 'invalid_filter'],
      ['is:open', 'invalid_filter'],
      ['deploy -from:@alice', 'unsupported_operator'],
      ['deploy -is:pinned', 'unsupported_operator'],
      ['-deploy', 'empty_query'],
      ['!!! ...', 'empty_query'],
      [Array.from({ length: 21 }, (_, i) => `w${i}`).join(' '), 'too_many_terms'],
      [Array.from({ length: 11 }, (_, i) => `w${i} -x${i}`).join(' '), 'too_many_terms'],
    ]

    for (const [text, code] of cases) assert.equal(errorCode(text), code, text)
  })

  test('twenty terms are allowed, and a filter alone is a query', ({ assert }) => {
    const twenty = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')

    assert.lengthOf(parseSearchQuery(twenty).terms, 20)
    assert.deepEqual(parseSearchQuery('is:pinned -draft').excluded, [
      { tokens: ['draft'], prefix: false },
    ])
  })
})

test.group('Search snippets', () => {
  test('highlights mark the matched words of a short message, which is kept whole', ({
    assert,
  }) => {
    const message = 'Deploy the Café build; deploying later'
    const result = snippet(message, parseSearchQuery('deploy cafe').terms)

    assert.equal(result.text, message)
    assert.deepEqual(result.highlights, [
      [0, 6],
      [11, 15],
    ])
    assert.deepEqual(marked(message, 'deploy* cafe'), ['Deploy', 'Café', 'deploying'])
  })

  test('each word of a phrase is marked, and a Chinese substring as one range', ({ assert }) => {
    assert.deepEqual(marked('we ship the release train today', '"release train"'), [
      'release',
      'train',
    ])
    assert.deepEqual(marked('我是中国人民的一员', '国人民'), ['国人民'])
    assert.deepEqual(marked('我是中国人', '国'), ['国'])
    assert.deepEqual(marked('我用Python写代码', 'Python写'), ['Python写'])
  })

  test('a message with no matching word has no highlights', ({ assert }) => {
    assert.deepEqual(snippet('nothing here', parseSearchQuery('deploy').terms).highlights, [])
    assert.deepEqual(snippet('nothing here', []).highlights, [])
  })

  test('a long message is cut around its first match, with ellipses and shifted offsets', ({
    assert,
  }) => {
    const message = `${'alpha beta gamma '.repeat(30)}needle${' dolor sit amet'.repeat(40)}`
    const result = snippet(message, parseSearchQuery('needle').terms)

    assert.isTrue(result.text.startsWith('…beta gamma alpha '), 'the cut starts on a word')
    assert.isTrue(result.text.endsWith('…'))
    assert.lengthOf(result.text, 282)
    assert.lengthOf(result.highlights, 1)
    const [[start, end]] = result.highlights
    assert.equal(result.text.slice(start, end), 'needle')
    assert.isAtLeast(start, 30, 'some context is kept before the match')
  })

  test('a long message matched near its start is cut only at its end', ({ assert }) => {
    const message = `needle ${'lorem ipsum '.repeat(50)}needle`
    const result = snippet(message, parseSearchQuery('needle').terms)

    assert.isTrue(result.text.startsWith('needle'))
    assert.isTrue(result.text.endsWith('…'))
    assert.deepEqual(result.highlights, [[0, 6]], 'a match outside the snippet is not marked')
  })
})

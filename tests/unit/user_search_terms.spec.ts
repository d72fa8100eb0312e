import { test } from '@japa/runner'
import { searchWords } from '#app/helpers/text'
import { userSearchTerms } from '#app/helpers/user_search'

test.group('User search terms', () => {
  test('a name is split into words without case, accents or the marks that join them', ({
    assert,
  }) => {
    const cases: Array<[string, string[]]> = [
      ['Marie Curie', ['marie', 'curie']],
      ['Éléonore Dupont-Aignan', ['eleonore', 'dupont', 'aignan']],
      ['@Zoë', ['zoe']],
      ['Ｆｕｌｌ Ｗｉｄｔｈ', ['full', 'width']],
      ["o'brien   o'brien", ['o', 'brien']],
      ['山田 太郎', ['山田', '太郎']],
      ['a\u202Eb', ['ab']],
      ['  ', []],
    ]
    for (const [name, words] of cases) assert.deepEqual(searchWords(name), words, name)
  })

  test('a person is found by their whole username first, then their first name, then other words', ({
    assert,
  }) => {
    assert.deepEqual(userSearchTerms('marie.curie', 'Marie Curie'), [
      { term: 'marie.curie', weight: 0 },
      { term: 'marie', weight: 1 },
      { term: 'curie', weight: 2 },
    ])
    assert.deepEqual(userSearchTerms('sam', 'Sam'), [{ term: 'sam', weight: 0 }])
    assert.deepEqual(userSearchTerms('zed', ''), [{ term: 'zed', weight: 0 }])
  })
})

import { test } from '@japa/runner'
import { keywordList, matchKeyword, parseMentions } from '#chat/services/mentions'

test.group('Mentions: parsing a message', () => {
  test('usernames are found lower-cased, once each, with trailing punctuation dropped', ({
    assert,
  }) => {
    const parsed = parseMentions('@Alice, can you and @bob.smith. look? cc @ALICE and @carol_-')

    assert.deepEqual(parsed, {
      usernames: ['alice', 'bob.smith', 'carol'],
      everyone: false,
      onlyOnline: false,
    })
  })

  test('email addresses, names under three characters and code are not mentions', ({ assert }) => {
    const message = [
      'write to bob@example.com or @@dave',
      'ask @jo',
      'run `@carol deploy` then',
      '```\n@erin in a block\n```',
      '@frank',
    ].join('\n')

    assert.deepEqual(parseMentions(message).usernames, ['frank'])
  })

  test('@channel and @all mention everyone, online or not', ({ assert }) => {
    for (const message of ['@channel standup', 'lunch @all?', '@ALL: release']) {
      const parsed = parseMentions(message)
      assert.isTrue(parsed.everyone, message)
      assert.isFalse(parsed.onlyOnline, message)
      assert.deepEqual(parsed.usernames, [], message)
    }
  })

  test('@here mentions only those online, unless @channel is there too', ({ assert }) => {
    assert.deepEqual(parseMentions('@here anyone?'), {
      usernames: [],
      everyone: true,
      onlyOnline: true,
    })
    assert.deepEqual(parseMentions('@here and @channel'), {
      usernames: [],
      everyone: true,
      onlyOnline: false,
    })
    assert.deepEqual(parseMentions('`@here` in code'), {
      usernames: [],
      everyone: false,
      onlyOnline: false,
    })
  })

  test('a message names at most a hundred people', ({ assert }) => {
    const message = Array.from({ length: 120 }, (_, index) => `@user${index}`).join(' ')

    const { usernames } = parseMentions(message)

    assert.lengthOf(usernames, 100)
    assert.equal(usernames[0], 'user0')
    assert.equal(usernames[99], 'user99')
  })
})

test.group('Mentions: keywords', () => {
  test('a keyword matches whole words whatever their case and accents', ({ assert }) => {
    assert.equal(matchKeyword('Le DEPLOIEMENT est fini.', ['déploiement']), 'déploiement')
    assert.equal(matchKeyword('Café is open', ['cafe']), 'cafe')
    assert.equal(matchKeyword('(deploy)!', ['deploy']), 'deploy')
    assert.equal(matchKeyword('ＤＥＰＬＯＹ now', ['deploy']), 'deploy')
  })

  test('a keyword inside a longer word does not match', ({ assert }) => {
    assert.isNull(matchKeyword('the redeploy failed', ['deploy']))
    assert.isNull(matchKeyword('deployment is done', ['deploy']))
    assert.isNull(matchKeyword('deploy_bot says hi', ['deploy']))
  })

  test('a phrase matches its words in order, whatever the spacing between them', ({ assert }) => {
    assert.equal(matchKeyword('is the Build   Server down?', ['build server']), 'build server')
    assert.isNull(matchKeyword('the server build is down', ['build server']))
    assert.isNull(matchKeyword('the buildserver is down', ['build server']))
  })

  test('Chinese and Japanese keywords match anywhere in the text', ({ assert }) => {
    assert.equal(matchKeyword('今天部署完成了', ['部署']), '部署')
    assert.equal(matchKeyword('デプロイしました', ['デプロイ']), 'デプロイ')
    assert.isNull(matchKeyword('今天完成了', ['部署']))
  })

  test('the first matching keyword is answered, and none without keywords', ({ assert }) => {
    assert.equal(matchKeyword('deploy the build', ['rollback', 'build', 'deploy']), 'build')
    assert.isNull(matchKeyword('deploy the build', []))
    assert.isNull(matchKeyword('deploy the build', ['***']))
  })

  test('a stored keyword list has one keyword a line', ({ assert }) => {
    assert.deepEqual(keywordList('deploy\nbuild server'), ['deploy', 'build server'])
    assert.deepEqual(keywordList(''), [])
    assert.deepEqual(keywordList(null), [])
  })
})

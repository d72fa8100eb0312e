import { test } from '@japa/runner'
import {
  channelNameFrom,
  channelNameProblem,
} from '../../../resources/components/manage/channelName.js'

test.group('Channel URL names', () => {
  test('a display name suggests the name the server takes')
    .with([
      ['Design Reviews', 'design-reviews'],
      ['  Q3 — Planning!  ', 'q3-planning'],
      ['Équipe Marketing', 'equipe-marketing'],
      ['__hidden', 'hidden'],
      ['ops_team-2', 'ops_team-2'],
      ['日本', ''],
      ['a'.repeat(70), 'a'.repeat(64)],
      [`${'b'.repeat(63)} c`, 'b'.repeat(63)],
    ])
    .run(({ assert }, [displayName, name]) => {
      assert.equal(channelNameFrom(displayName), name)
      if (name) assert.isNull(channelNameProblem(name))
    })

  test('a name the server refuses is explained')
    .with([
      ['', 'Give the channel a URL name.'],
      ['-dash', 'Start with a letter or a digit.'],
      ['has space', 'Use only lowercase letters, digits, - and _.'],
      ['dot.name', 'Use only lowercase letters, digits, - and _.'],
      ['x'.repeat(65), 'At most 64 characters.'],
    ])
    .run(({ assert }, [name, problem]) => {
      assert.equal(channelNameProblem(name), problem)
    })

  test('upper case is fine: the server lowercases it', ({ assert }) => {
    assert.isNull(channelNameProblem('Design'))
  })
})

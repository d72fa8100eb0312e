import { test } from '@japa/runner'
import { typingSentence } from '../../../resources/components/chat/typingSentence.js'

test.group('Typing line', () => {
  test('names one or two people, and counts no further', ({ assert }) => {
    assert.equal(typingSentence([]), '')
    assert.equal(typingSentence(['Alice']), 'Alice is typing…')
    assert.equal(typingSentence(['Alice', 'Bob']), 'Alice and Bob are typing…')
    assert.equal(typingSentence(['Alice', 'Bob', 'Cara']), 'Several people are typing…')
  })
})

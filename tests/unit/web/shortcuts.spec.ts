import { test } from '@japa/runner'
import {
  keyLabels,
  neighbourChannel,
  SHORTCUTS,
  shortcutFor,
  type KeyPress,
} from '../../../resources/composables/shortcuts.js'

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: '',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
})

test.group('Keyboard map', () => {
  test('each key press means one shortcut, with and without Shift', ({ assert }) => {
    assert.equal(shortcutFor(press('ArrowUp', { altKey: true }), false)?.id, 'channel.previous')
    assert.equal(
      shortcutFor(press('ArrowDown', { altKey: true, shiftKey: true }), false)?.id,
      'unread.next'
    )
    assert.equal(shortcutFor(press('k', { metaKey: true }), false)?.id, 'switcher')
    assert.equal(shortcutFor(press('K', { ctrlKey: true }), false)?.id, 'switcher')
    assert.equal(shortcutFor(press('A', { ctrlKey: true, shiftKey: true }), true)?.id, 'settings')
    assert.equal(shortcutFor(press('/', { ctrlKey: true }), true)?.id, 'shortcuts')
    assert.equal(shortcutFor(press('/'), false)?.id, 'search')
    assert.equal(shortcutFor(press('F6', { shiftKey: true }), false)?.id, 'regions.previous')
    assert.isUndefined(shortcutFor(press('k', { altKey: true }), false))
  })

  test('in a text field letters and / are typed, while modified keys still work', ({ assert }) => {
    for (const key of ['j', 'k', 'r', 'e', '/']) assert.isUndefined(shortcutFor(press(key), true))
    assert.equal(shortcutFor(press('j'), false)?.id, 'message.next')
    assert.equal(shortcutFor(press('e'), false)?.id, 'message.edit')
    assert.equal(shortcutFor(press('f', { ctrlKey: true }), true)?.id, 'search.find')
    assert.equal(shortcutFor(press('Escape'), true)?.id, 'escape')
  })

  test('the composer’s own keys are listed but never dispatched', ({ assert }) => {
    const own = SHORTCUTS.filter((entry) => entry.where === 'composer')
    assert.includeMembers(
      own.map((entry) => entry.id),
      ['composer.editLast', 'composer.replyLast']
    )
    assert.isUndefined(shortcutFor(press('ArrowUp', { shiftKey: true }), false))
    assert.isUndefined(shortcutFor(press('ArrowUp'), true))
  })

  test('no two shortcuts answer the same key press', ({ assert }) => {
    const presses = SHORTCUTS.flatMap((entry) =>
      [true, false].map((shift) => {
        const key = entry.keys.at(-1)!
        const named: Record<string, string> = { '↑': 'ArrowUp', '↓': 'ArrowDown', 'Esc': 'Escape' }
        return press(named[key] ?? key.toLowerCase(), {
          shiftKey: shift,
          altKey: entry.keys.includes('Alt'),
          ctrlKey: entry.keys.includes('Mod'),
        })
      })
    )
    for (const each of presses) {
      const matching = SHORTCUTS.filter((entry) => entry.matches(each)).map((entry) => entry.id)
      assert.isAtMost(matching.length, 1, `${JSON.stringify(each)} → ${matching.join(', ')}`)
    }
  })

  test('keys are shown as the platform names them', ({ assert }) => {
    assert.deepEqual(keyLabels(['Mod', 'Shift', 'A'], true), ['⌘', 'Shift', 'A'])
    assert.deepEqual(keyLabels(['Mod', 'K'], false), ['Ctrl', 'K'])
    assert.deepEqual(keyLabels(['Alt', '↑'], true), ['⌥', '↑'])
  })
})

test.group('Channel to channel', () => {
  const order = ['a', 'b', 'c', 'd'].map((id) => ({ id, unread: id === 'b' || id === 'd' }))

  test('steps through the sidebar’s order and goes round at the ends', ({ assert }) => {
    assert.equal(neighbourChannel(order, 'b', 1)?.id, 'c')
    assert.equal(neighbourChannel(order, 'b', -1)?.id, 'a')
    assert.equal(neighbourChannel(order, 'd', 1)?.id, 'a')
    assert.equal(neighbourChannel(order, 'a', -1)?.id, 'd')
  })

  test('from a screen that is no channel, down is the first and up the last', ({ assert }) => {
    assert.equal(neighbourChannel(order, undefined, 1)?.id, 'a')
    assert.equal(neighbourChannel(order, undefined, -1)?.id, 'd')
  })

  test('only the eligible (unread) channels, never the one open', ({ assert }) => {
    const unread = (channel: { unread: boolean }) => channel.unread
    assert.equal(neighbourChannel(order, 'a', 1, unread)?.id, 'b')
    assert.equal(neighbourChannel(order, 'b', 1, unread)?.id, 'd')
    assert.equal(neighbourChannel(order, 'b', -1, unread)?.id, 'd')
    assert.equal(neighbourChannel(order, 'c', -1, unread)?.id, 'b')
    assert.isNull(neighbourChannel([order[1]], 'b', 1, unread))
    assert.isNull(neighbourChannel([], undefined, 1))
  })
})

import { test } from '@japa/runner'
import {
  customDndEnd,
  describeDndEnd,
  dndActive,
  dndEnd,
} from '../../../resources/components/notifications/dnd.js'
import { parseKeywords } from '../../../resources/components/settings/keywords.js'
import { describeExpiry } from '../../../resources/components/settings/tokenExpiry.js'
import { clockOptions } from '../../../resources/composables/clock.js'
import { shortcutFor } from '../../../resources/composables/shortcuts.js'

const NOW = new Date(2026, 11, 7, 15, 26, 0)
const clock24 = new Intl.DateTimeFormat('en-US', clockOptions('24'))

test.group('Do-not-disturb durations', () => {
  test('ends after 30 minutes, 1 or 2 hours, or tomorrow at nine', ({ assert }) => {
    assert.deepEqual(dndEnd('30m', NOW), new Date(2026, 11, 7, 15, 56))
    assert.deepEqual(dndEnd('1h', NOW), new Date(2026, 11, 7, 16, 26))
    assert.deepEqual(dndEnd('2h', NOW), new Date(2026, 11, 7, 17, 26))
    assert.deepEqual(dndEnd('tomorrow', NOW), new Date(2026, 11, 8, 9, 0))
    // The last day of a year: tomorrow is in the next one.
    assert.deepEqual(dndEnd('tomorrow', new Date(2026, 11, 31, 23, 0)), new Date(2027, 0, 1, 9, 0))
  })

  test('a custom end must be a date in the future and within a year', ({ assert }) => {
    assert.deepEqual(customDndEnd('2026-12-07T18:00', NOW), new Date(2026, 11, 7, 18, 0))
    assert.equal(customDndEnd('', NOW), 'Choose a date and time.')
    assert.equal(customDndEnd('nonsense', NOW), 'Choose a date and time.')
    assert.equal(customDndEnd('2026-12-07T15:00', NOW), 'Choose a time in the future.')
    assert.equal(customDndEnd('2028-01-01T09:00', NOW), 'Choose a time within a year.')
  })

  test('is on until its end, and says when that is', ({ assert }) => {
    assert.isTrue(dndActive('2026-12-07T16:00:00Z', Date.parse('2026-12-07T15:00:00Z')))
    assert.isFalse(dndActive('2026-12-07T14:00:00Z', Date.parse('2026-12-07T15:00:00Z')))
    assert.isFalse(dndActive(null, Date.now()))
    assert.equal(describeDndEnd(new Date(2026, 11, 7, 17, 0), NOW, clock24), 'until 17:00')
    assert.equal(describeDndEnd(new Date(2026, 11, 8, 9, 0), NOW, clock24), 'until Tue 09:00')
  })
})

test.group('Time format', () => {
  test('24 hours shows 15:26, 12 hours 3:26 PM, whatever the language would', ({ assert }) => {
    const afternoon = new Date(2026, 11, 7, 15, 26)
    const morning = new Date(2026, 11, 7, 9, 5)
    assert.equal(new Intl.DateTimeFormat('en-US', clockOptions('24')).format(afternoon), '15:26')
    assert.equal(new Intl.DateTimeFormat('en-US', clockOptions('24')).format(morning), '09:05')
    const twelve = new Intl.DateTimeFormat('en-GB', clockOptions('12')).format(afternoon)
    assert.match(twelve, /^3:26\s?pm$/i)
    assert.equal(
      new Intl.DateTimeFormat('en-US', clockOptions('auto')).format(afternoon),
      '3:26 PM'
    )
    assert.equal(new Intl.DateTimeFormat('de-DE', clockOptions('auto')).format(afternoon), '15:26')
  })
})

test.group('Settings helpers', () => {
  test('keywords split at commas and lines, trimmed, each once', ({ assert }) => {
    assert.deepEqual(parseKeywords(' deploy, release train\nrollback,, deploy '), [
      'deploy',
      'release train',
      'rollback',
    ])
    assert.deepEqual(parseKeywords('  '), [])
  })

  test('a token says when it expires, or that it has', ({ assert }) => {
    const format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' })
    const now = Date.parse('2026-12-07T15:00:00Z')
    assert.equal(describeExpiry('2026-12-14T15:00:00Z', format, now), 'expires Dec 14, 2026')
    assert.equal(describeExpiry('2026-12-01T15:00:00Z', format, now), 'expired Dec 1, 2026')
    assert.equal(describeExpiry(null, format, now), 'never expires')
  })

  test('Ctrl+Shift+A or Cmd+Shift+A opens the settings, nothing else does', ({ assert }) => {
    const keys = {
      key: 'A',
      code: 'KeyA',
      ctrlKey: true,
      metaKey: false,
      shiftKey: true,
      altKey: false,
    }
    const settings = (press: typeof keys) => shortcutFor(press, true)?.id === 'settings'
    assert.isTrue(settings(keys))
    assert.isTrue(settings({ ...keys, ctrlKey: false, metaKey: true, key: 'a' }))
    assert.isFalse(settings({ ...keys, shiftKey: false }))
    assert.isFalse(settings({ ...keys, altKey: true }))
    assert.isFalse(settings({ ...keys, ctrlKey: false }))
    assert.isFalse(settings({ ...keys, key: 'b' }))
  })
})

import { test } from '@japa/runner'
import type { NotificationEvent } from '../../../resources/api/notificationTypes.js'
import {
  SeenPosts,
  notificationContent,
  plainExcerpt,
  shouldAlert,
  type AlertContext,
} from '../../../resources/components/notifications/desktopDecision.js'
import { mergeFeed } from '../../../resources/components/notifications/feedKinds.js'

function event(change: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    kind: 'mention',
    alert: true,
    post: { id: 'p1', channelId: 'dev', rootId: null, seq: 4, userId: 'a', message: '@bob look' },
    channel: { id: 'dev', teamId: 't', name: 'dev', displayName: 'Dev', type: 'public' },
    actor: { id: 'a', username: 'alice', displayName: 'Alice' },
    ...change,
  }
}

function context(change: Partial<AlertContext> = {}): AlertContext {
  return {
    permission: 'granted',
    views: [{ channelId: 'town', focused: true }],
    seen: new SeenPosts(),
    dndUntil: null,
    now: Date.parse('2026-12-07T15:00:00Z'),
    ...change,
  }
}

test.group('Browser notifications: whether to show one', () => {
  test('shows an alert the browser allows, once, unless a focused tab shows its channel', ({
    assert,
  }) => {
    const seen = new SeenPosts()
    seen.add('p1')
    const cases: [string, boolean, NotificationEvent, AlertContext][] = [
      ['an alert in another channel', true, event(), context()],
      ['the server said not to alert', false, event({ alert: false }), context()],
      ['permission not given', false, event(), context({ permission: 'default' })],
      ['permission refused', false, event(), context({ permission: 'denied' })],
      ['no Notification API', false, event(), context({ permission: 'unsupported' })],
      ['already shown in this browser', false, event(), context({ seen })],
      [
        'a focused tab shows the channel',
        false,
        event(),
        context({
          views: [
            { channelId: 'town', focused: false },
            { channelId: 'dev', focused: true },
          ],
        }),
      ],
      [
        'the channel is open only in a tab without focus',
        true,
        event(),
        context({ views: [{ channelId: 'dev', focused: false }] }),
      ],
      ['do-not-disturb still on', false, event(), context({ dndUntil: '2026-12-07T15:30:00Z' })],
      ['do-not-disturb over', true, event(), context({ dndUntil: '2026-12-07T14:59:00Z' })],
    ]
    for (const [name, expected, given, where] of cases) {
      assert.equal(shouldAlert(given, where), expected, name)
    }
  })

  test('remembers a bounded number of posts, forgetting the oldest first', ({ assert }) => {
    const seen = new SeenPosts(2)
    seen.add('a')
    seen.add('b')
    seen.add('c')
    assert.isFalse(seen.has('a'))
    assert.isTrue(seen.has('b'))
    assert.isTrue(seen.has('c'))
  })
})

test.group('Browser notifications: what they say', () => {
  test('names the sender and the channel, a reply as such, a direct message by the sender', ({
    assert,
  }) => {
    assert.deepEqual(notificationContent(event()), {
      title: 'Alice in Dev',
      body: '@bob look',
      tag: 'p1',
    })
    const reply = event({ post: { ...event().post, rootId: 'r' } })
    assert.equal(notificationContent(reply).title, 'Alice replied in Dev')
    const direct = event({ channel: { ...event().channel, type: 'direct', displayName: '' } })
    assert.equal(notificationContent(direct).title, 'Alice')
    const empty = event({ post: { ...event().post, message: '' }, actor: null })
    assert.deepEqual(notificationContent(empty), {
      title: 'Someone in Dev',
      body: '(no text)',
      tag: 'p1',
    })
  })

  test('turns markdown into plain words on one line, cut with an ellipsis', ({ assert }) => {
    assert.equal(
      plainExcerpt('**Ship** the [build](https://x.test)\n\n> `now`'),
      'Ship the build now'
    )
    assert.equal(plainExcerpt('before ```\ncode\n``` after'), 'before after')
    assert.equal(plainExcerpt('one two three four', 10), 'one two…')
  })
})

test.group('Mentions view: merging a fresh page', () => {
  test('puts new entries first, keeps each once, newest first', ({ assert }) => {
    const at = (id: string, minute: number) => ({
      id,
      createdAt: `2026-12-07T15:${String(minute).padStart(2, '0')}:00.000Z`,
    })
    const merged = mergeFeed([at('c', 3), at('b', 2)], [at('b', 2), at('a', 1)])
    assert.deepEqual(
      merged.map((entry) => entry.id),
      ['c', 'b', 'a']
    )
  })
})

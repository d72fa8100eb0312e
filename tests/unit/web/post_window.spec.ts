import { test } from '@japa/runner'
import type { FileInfo, Post, StreamEvent } from '../../../resources/api/types.js'
import { messageRows } from '../../../resources/components/chat/messageRows.js'
import {
  applyEvent,
  applyThreadEvent,
  firstUnread,
  mergePosts,
} from '../../../resources/stores/postWindow.js'

let made = 0

function post(fields: Partial<Post> = {}): Post {
  made += 1
  return {
    id: `post-${made}`,
    channelId: 'channel',
    userId: 'alice',
    seq: made,
    rootId: null,
    clientId: null,
    type: '',
    message: `message ${made}`,
    inChannel: true,
    replyCount: 0,
    reactions: [],
    files: [],
    pinned: false,
    edited: false,
    editedAt: null,
    deleted: false,
    createdAt: '2026-12-03T10:00:00.000Z',
    ...fields,
  }
}

const event = (type: string, seq: number | null, data: unknown): StreamEvent => ({
  type,
  seq,
  at: '2026-12-03T10:00:00.000Z',
  data,
})

test.group('Web app: a channel window', () => {
  test('merging keeps each post once, in seq order, the later version winning', ({ assert }) => {
    const [a, b, c] = [post({ seq: 1 }), post({ seq: 2 }), post({ seq: 3 })]
    const edited = { ...b, message: 'edited', edited: true }
    const merged = mergePosts([c, a, b], [edited, a])
    assert.deepEqual(
      merged.map((entry) => [entry.seq, entry.message]),
      [
        [1, a.message],
        [2, 'edited'],
        [3, c.message],
      ]
    )
  })

  test('a post created twice (the send answer, then its event) is held once', ({ assert }) => {
    const sent = post({ seq: 7, clientId: 'abc' })
    const held = applyEvent(mergePosts([], [sent]), event('post.created', 7, { post: sent }))
    assert.lengthOf(held, 1)
  })

  test("a reply counts on its root and stays out of the channel's list", ({ assert }) => {
    const root = post()
    const reply = post({ rootId: root.id, inChannel: false })
    const held = applyEvent([root], event('post.created', reply.seq, { post: reply }))
    assert.lengthOf(held, 1)
    assert.equal(held[0].replyCount, 1)
  })

  test('edits and deletes replace the post held; an unknown post changes nothing', ({ assert }) => {
    const kept = post()
    const edited = applyEvent(
      [kept],
      event('post.edited', 9, { post: { ...kept, message: 'new' } })
    )
    assert.equal(edited[0].message, 'new')
    const deleted = applyEvent(
      edited,
      event('post.deleted', 10, { post: { ...kept, deleted: true, message: '' } })
    )
    assert.isTrue(deleted[0].deleted)
    const other = post()
    assert.strictEqual(applyEvent(deleted, event('post.edited', 11, { post: other })), deleted)
  })

  test('reactions add and remove one per user and emoji', ({ assert }) => {
    const kept = post()
    const data = (userId: string) => ({ postId: kept.id, userId, emoji: '+1' })
    let held = applyEvent([kept], event('reaction.added', 1, data('bob')))
    held = applyEvent(held, event('reaction.added', 2, data('carol')))
    held = applyEvent(held, event('reaction.added', 3, data('bob')))
    assert.deepEqual(held[0].reactions, [{ emoji: '+1', count: 2, userIds: ['carol', 'bob'] }])
    held = applyEvent(held, event('reaction.removed', 4, data('bob')))
    held = applyEvent(held, event('reaction.removed', 5, data('carol')))
    assert.deepEqual(held[0].reactions, [])
  })
  test("the first unread is the first post after the read point that is not the reader's", ({
    assert,
  }) => {
    const held = [
      post({ seq: 1, userId: 'bob' }),
      post({ seq: 2, userId: 'alice' }),
      post({ seq: 3, userId: 'bob' }),
    ]
    assert.equal(firstUnread(held, 1, 'alice'), 3)
    assert.equal(firstUnread(held, 1, 'bob'), 2)
    assert.isNull(firstUnread(held, 3, 'alice'))
    assert.isNull(firstUnread(held.slice(0, 2), 1, 'alice'))
  })
})

test.group('Web app: an open thread', () => {
  test('its replies arrive once, counted on the root; other threads change nothing', ({
    assert,
  }) => {
    const root = post({ replyCount: 1 })
    const first = post({ rootId: root.id, inChannel: false })
    const thread = { root, replies: [first], complete: true }
    const reply = post({ rootId: root.id, inChannel: false })

    const once = applyThreadEvent(thread, event('post.created', reply.seq, { post: reply }))
    const twice = applyThreadEvent(once, event('post.created', reply.seq, { post: reply }))
    const elsewhere = post({ rootId: 'another-root', inChannel: false })

    assert.deepEqual(
      twice.replies.map((entry) => entry.id),
      [first.id, reply.id]
    )
    assert.equal(twice.root.replyCount, 2)
    assert.strictEqual(
      applyThreadEvent(twice, event('post.created', elsewhere.seq, { post: elsewhere })),
      twice
    )
  })

  test('a reply beyond the pages held waits for them; edits reach the root and the replies', ({
    assert,
  }) => {
    const root = post()
    const held = post({ rootId: root.id, inChannel: false })
    const partial = { root, replies: [held], complete: false }
    const later = post({ rootId: root.id, inChannel: false })

    const waiting = applyThreadEvent(partial, event('post.created', later.seq, { post: later }))
    assert.deepEqual(
      waiting.replies.map((entry) => entry.id),
      [held.id]
    )
    assert.equal(waiting.root.replyCount, 1)

    const edited = { ...held, message: 'changed', edited: true }
    const after = applyThreadEvent(waiting, event('post.edited', 99, { post: edited }))
    assert.equal(after.replies[0].message, 'changed')
    const rootEdit = { ...root, message: 'new root text' }
    assert.equal(
      applyThreadEvent(after, event('post.edited', 100, { post: rootEdit })).root.message,
      'new root text'
    )
  })
})

test.group('Web app: message rows', () => {
  const nameOf = (id: string | null) => (id === 'alice' ? 'Alice' : 'Bob')

  test('consecutive posts of one author within minutes are grouped, others are not', ({
    assert,
  }) => {
    const rows = messageRows(
      [
        post({ userId: 'alice', createdAt: '2026-12-03T10:00:00.000Z' }),
        post({ userId: 'alice', createdAt: '2026-12-03T10:02:00.000Z' }),
        post({ userId: 'bob', createdAt: '2026-12-03T10:03:00.000Z' }),
        post({ userId: 'bob', createdAt: '2026-12-03T10:30:00.000Z' }),
      ],
      [],
      { me: 'alice', nameOf, firstUnreadSeq: null }
    )
    assert.deepEqual(
      rows.map((row) => row.grouped),
      [false, true, false, false]
    )
    assert.isString(rows[0].day)
    assert.isNull(rows[1].day)
  })

  test('a row keeps its height when an older page comes above it: its day line and group head stay', ({
    assert,
  }) => {
    const older = post({ userId: 'bob', createdAt: '2026-12-03T10:00:00.000Z' })
    const head = post({ userId: 'bob', createdAt: '2026-12-03T10:01:00.000Z' })
    const next = post({ userId: 'bob', createdAt: '2026-12-03T10:02:00.000Z' })
    const options = { me: 'alice', nameOf, firstUnreadSeq: null }

    // Before: more history to load, so the first row names no day (nothing to compare with).
    const before = messageRows([head, next], [], { ...options, complete: false })
    assert.deepEqual(
      before.map((row) => [row.day, row.grouped]),
      [
        [null, false],
        [null, true],
      ]
    )
    // After: the older page's first message starts the history; the old head is unchanged.
    const after = messageRows([older, head, next], [], {
      ...options,
      complete: true,
      breaks: new Set([head.seq]),
    })
    assert.deepEqual(
      after.map((row) => [Boolean(row.day), row.grouped]),
      [
        [true, false],
        [false, false],
        [false, true],
      ]
    )
  })

  test('the first unread starts a group of its own and carries the line', ({ assert }) => {
    const first = post({ userId: 'bob' })
    const unread = post({ userId: 'bob' })
    const rows = messageRows([first, unread], [], {
      me: 'alice',
      nameOf,
      firstUnreadSeq: unread.seq,
    })
    assert.isTrue(rows[1].firstUnread)
    assert.isFalse(rows[1].grouped)
  })

  test('deleted posts without replies are left out; pending messages come last', ({ assert }) => {
    const gone = post({ deleted: true, message: '' })
    const threaded = post({ deleted: true, message: '', replyCount: 2 })
    const pending = {
      clientId: 'c1',
      channelId: 'channel',
      message: 'on its way',
      createdAt: '2026-12-03T10:05:00.000Z',
      state: 'queued' as const,
      error: null,
    }
    const rows = messageRows([gone, threaded], [pending], {
      me: 'alice',
      nameOf,
      firstUnreadSeq: null,
    })
    assert.deepEqual(
      rows.map((row) => [row.key, row.state]),
      [
        [threaded.id, 'sent'],
        ['c1', 'queued'],
      ]
    )
    assert.equal(rows[1].renderKey, 'pending:c1')
  })

  test('rows carry their files: a post its own, a pending message those uploaded for it, a deleted post none', ({
    assert,
  }) => {
    const file = (name: string): FileInfo => ({
      id: `file-${name}`,
      name,
      mime: 'image/png',
      size: 100,
      width: 10,
      height: 10,
      hasThumbnail: true,
      hasPreview: true,
      channelId: 'channel',
      postId: null,
      createdAt: '2026-12-03T10:00:00.000Z',
    })
    const withFiles = post({ message: '', files: [file('a.png')] })
    const deleted = post({ deleted: true, message: '', replyCount: 1, files: [file('b.png')] })
    const pending = {
      clientId: 'c2',
      channelId: 'channel',
      message: '',
      createdAt: '2026-12-03T10:05:00.000Z',
      state: 'queued' as const,
      error: null,
      files: [file('c.png')],
    }
    const plain = { ...pending, clientId: 'c3', message: 'no files', files: undefined }
    const rows = messageRows([withFiles, deleted], [pending, plain], {
      me: 'alice',
      nameOf,
      firstUnreadSeq: null,
    })
    assert.deepEqual(
      rows.map((row) => row.files.map((entry) => entry.name)),
      [['a.png'], [], ['c.png'], []]
    )
  })
})

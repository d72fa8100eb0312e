import { test } from '@japa/runner'
import type { Post } from '../../../resources/api/types.js'
import { cardLinks, cardNotice } from '../../../resources/components/chat/cardNotices.js'

const names: Record<string, string> = { bob: 'Bob', cara: 'Cara *the* Great' }
const nameOf = (id: string) => names[id] ?? 'someone'
const props = { cardId: 'card-1', boardId: 'board-1', ref: 'OPS-12' }

function post(fields: Partial<Post>): Post {
  return {
    id: 'post-1',
    channelId: 'channel',
    userId: 'ana',
    seq: 1,
    rootId: null,
    clientId: null,
    type: '',
    message: '',
    props: null,
    inChannel: true,
    replyCount: 0,
    reactions: [],
    files: [],
    embeds: [],
    pinned: false,
    edited: false,
    editedAt: null,
    deleted: false,
    createdAt: '2026-12-03T10:00:00.000Z',
    ...fields,
  }
}

const activity = (changes: unknown[]) =>
  cardNotice(post({ type: 'card_activity', props: { ...props, changes } }), nameOf, false)!.text

test.group('Card notices', () => {
  test('people’s messages have none', ({ assert }) => {
    assert.isNull(cardNotice(post({ message: 'hello' }), nameOf, false))
  })

  test('a card’s post says it was created, keeping its description below', ({ assert }) => {
    const card = post({ type: 'card', props, message: 'Ship it\n\nFor **1.2**' })
    assert.deepEqual(cardNotice(card, nameOf, true), {
      kind: 'created',
      text: 'created OPS-12',
      body: 'For **1.2**',
    })
    assert.equal(cardNotice(card, nameOf, false)!.text, 'created OPS-12 · Ship it')
  })

  test('activity reads as one sentence, names and labels taken literally', ({ assert }) => {
    const done = { id: 'c2', label: 'Done' }
    assert.equal(
      activity([{ kind: 'moved', from: { id: 'c1', label: 'To do' }, to: done }]),
      'moved OPS-12 to **Done**'
    )
    assert.equal(
      activity([
        { kind: 'moved', from: null, to: done },
        { kind: 'assigned', userIds: ['bob', 'cara'] },
        { kind: 'archived' },
      ]),
      'moved OPS-12 to **Done**, assigned Bob, Cara \\*the\\* Great to it and archived it'
    )
    assert.equal(
      activity([{ kind: 'moved', from: { id: 'c1', label: 'To do' }, to: null }]),
      'took OPS-12 out of **To do**'
    )
    assert.equal(activity([{ kind: 'due', from: 'x', to: null }]), 'removed the due date of OPS-12')
    assert.match(
      activity([{ kind: 'due', from: null, to: '2026-12-10T00:00:00.000Z' }]),
      /^set OPS-12 due .*2026/
    )
  })

  test('an activity post without changes keeps the server’s text', ({ assert }) => {
    const old = post({ type: 'card_activity', props, message: 'moved this card' })
    assert.equal(cardNotice(old, nameOf, false)!.text, 'moved this card')
  })

  test('references link to previews, and to the card a card post is about', ({ assert }) => {
    const preview = {
      type: 'card' as const,
      id: 'card-2',
      card: { id: 'card-2', ref: 'OPS-2', boardId: 'board-1' } as any,
    }
    assert.deepEqual(cardLinks(post({ embeds: [preview] })), [
      { ref: 'OPS-2', boardId: 'board-1', id: 'card-2' },
    ])
    assert.deepEqual(cardLinks(post({ type: 'card_activity', props })), [
      { ref: 'OPS-12', boardId: 'board-1', id: 'card-1' },
    ])
    assert.deepEqual(cardLinks(post({ props: { ref: 'OPS-12' } })), [])
  })
})

import { test } from '@japa/runner'
import type { Channel, SidebarChannel, User } from '../../../resources/api/types.js'
import { withChannelFields, withPerson, withRole } from '../../../resources/stores/channelEvents.js'

const channel: Channel = {
  id: 'c1',
  teamId: 't1',
  type: 'public',
  name: 'dev',
  displayName: 'Dev',
  purpose: 'Building things',
  header: '',
  isDefault: false,
  archived: false,
  archivedAt: null,
  creatorId: 'u1',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  membership: null,
}

const listed: SidebarChannel = {
  ...channel,
  membership: { role: 'admin', notify: 'default', muted: true, lastReadSeq: 12 },
  memberIds: null,
  unreadCount: 3,
  mentionCount: 1,
}

const person = (fields: Partial<User> = {}): User => ({
  id: 'u2',
  username: 'bob',
  displayName: 'Bob',
  isAdmin: false,
  active: true,
  createdAt: '2026-12-01T00:00:00.000Z',
  ...fields,
})

test.group('Channel events: a channel’s fields', () => {
  test('a rename and a new purpose replace the held ones, the caller’s membership and counts stay', ({
    assert,
  }) => {
    const incoming = { ...channel, name: 'build', displayName: 'Build', purpose: 'Ship it' }
    const merged = withChannelFields(listed, incoming)
    assert.equal(merged.name, 'build')
    assert.equal(merged.displayName, 'Build')
    assert.equal(merged.purpose, 'Ship it')
    assert.deepEqual(merged.membership, listed.membership)
    assert.equal(merged.unreadCount, 3)
    assert.equal(merged.mentionCount, 1)
    assert.isFalse(merged.archived)
  })

  test('archiving and unarchiving follow the event', ({ assert }) => {
    const at = '2026-12-07T10:00:00.000Z'
    const archived = withChannelFields(listed, { ...channel, archived: true, archivedAt: at })
    assert.isTrue(archived.archived)
    assert.equal(archived.archivedAt, at)
    const back = withChannelFields(archived, channel)
    assert.isFalse(back.archived)
    assert.isNull(back.archivedAt)
    assert.equal(back.membership.lastReadSeq, 12)
  })

  test('a channel held without a membership keeps none', ({ assert }) => {
    assert.isNull(withChannelFields(channel, { ...channel, name: 'build' }).membership)
  })
})

test.group('Channel events: roles', () => {
  const membership = listed.membership

  test('the caller’s own new role is kept', ({ assert }) => {
    const next = withRole(membership, { userId: 'u1', role: 'member' }, 'u1')
    assert.equal(next.role, 'member')
    assert.equal(next.lastReadSeq, 12)
  })

  test('someone else’s role, or no membership, changes nothing', ({ assert }) => {
    assert.strictEqual(withRole(membership, { userId: 'u2', role: 'member' }, 'u1'), membership)
    assert.isNull(withRole(null, { userId: 'u1', role: 'member' }, 'u1'))
  })
})

test.group('Channel events: people', () => {
  test('a renamed teammate replaces their old names in a new map', ({ assert }) => {
    const people = new Map([['u2', person()]])
    const next = withPerson(people, person({ username: 'robert', displayName: 'Robert' }))
    assert.notStrictEqual(next, people)
    assert.equal(next.get('u2')?.displayName, 'Robert')
    assert.equal(next.get('u2')?.username, 'robert')
    assert.equal(people.get('u2')?.displayName, 'Bob')
  })

  test('someone not held yet is added', ({ assert }) => {
    const next = withPerson(new Map(), person({ id: 'u3' }))
    assert.equal(next.get('u3')?.username, 'bob')
  })
})

import { test } from '@japa/runner'
import { UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import { teamWithCast } from '#tests/helpers/chat'
import { WebClient } from '#tests/helpers/web_client'

test.group('Slash command list', (group) => {
  isolate(group)

  test('lists every command the server knows, the boards’ /card and /board included, with their forms and argument hints', async ({
    assert,
  }) => {
    const { member } = await teamWithCast('Ops', { guest: false })
    const client = await signIn(member)

    const response = await client.get('/api/v1/commands')

    assert.equal(response.status, 200)
    const names = response.body.data.map((command: { name: string }) => command.name)
    assert.deepEqual(names, ['board', 'card'])
    const card = response.body.data[1]
    assert.equal(card.description, 'work with cards from the composer')
    assert.deepEqual(
      card.forms.map((form: { usage: string }) => form.usage),
      [
        '/card new <title>',
        '/card move OPS-42 <column | none>',
        '/card assign OPS-42 @user [@user…]',
        '/card due OPS-42 <YYYY-MM-DD | ISO date-time with a zone | today | tomorrow | none>',
      ]
    )
    assert.deepEqual(card.forms[2], {
      usage: '/card assign OPS-42 @user [@user…]',
      subcommand: 'assign',
      description: 'adds people of the team to the card’s assignees',
      args: [
        { name: 'card', kind: 'card', hint: 'OPS-42' },
        { name: 'people', kind: 'user', hint: '@user [@user…]' },
      ],
    })
    assert.deepEqual(response.body.data[0].forms, [
      {
        usage: '/board list',
        subcommand: 'list',
        description: 'the channel’s boards with their keys',
        args: [],
      },
    ])
  })

  test('a read-only token may list the commands; nobody signed in may not', async ({ assert }) => {
    const { member } = await teamWithCast('Ops', { guest: false })
    const script = await withToken(member, ['read'])

    const listed = await script.get('/api/v1/commands')
    const anonymous = await new WebClient().get('/api/v1/commands')

    assert.equal(listed.status, 200)
    assert.lengthOf(listed.body.data, 2)
    assertError(assert, anonymous, 401, UNAUTHENTICATED)
  })
})

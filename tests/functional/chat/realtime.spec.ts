import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import TeamService from '#app/services/team_service'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import { SseClient } from '#tests/helpers/sse_client'

test.group('Realtime: delivery', (group) => {
  isolate(group)

  test('a post reaches a subscriber of its channel over SSE', async ({ assert, cleanup }) => {
    const alice = await UserFactory.create()
    const team = await new TeamService().create(alice, 'Ops')
    const web = await signIn(alice)
    const created = await web.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: 'dev',
      displayName: 'Dev',
    })
    const channel = created.body

    const sse = await new SseClient(await withToken(alice, ['read'])).connect()
    cleanup(() => sse.close())
    assert.equal(await sse.subscribe(`channels/${channel.id}`), 204)

    const sent = await web.post(`/api/v1/channels/${channel.id}/posts`, { message: 'hello' })
    assert.equal(sent.status, 201)

    const [event] = await sse.waitFor(() => {
      const found = sse.on(`channels/${channel.id}`, 'post.created')
      return found.length > 0 && found
    })
    assert.equal(event.data.post.id, sent.body.id)
    assert.equal(event.seq, sent.body.seq)
  })
})

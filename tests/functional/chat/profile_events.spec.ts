import { test } from '@japa/runner'
import TeamService from '#app/services/team_service'
import { UserFactory } from '#database/factories/user_factory'
import { isolate, signIn, withToken } from '#tests/helpers/auth'
import { teamWithCast } from '#tests/helpers/chat'
import { listen } from '#tests/helpers/realtime'

/** How long "nothing more arrives" is watched for. */
const QUIET_MS = 400

test.group('Realtime: profile changes', (group) => {
  isolate(group)

  test('a new display name and username reach a teammate on the team stream, without the email', async ({
    assert,
    cleanup,
  }) => {
    const { team, admin, member } = await teamWithCast('Ops', { guest: false })
    const stranger = await UserFactory.create()
    const otherTeam = await new TeamService().create(stranger, 'Elsewhere')
    const teamStream = `teams/${team.id}`
    const teammate = await listen(await withToken(admin, ['read']), cleanup, teamStream)
    const outsider = await listen(
      await withToken(stranger, ['read']),
      cleanup,
      `teams/${otherTeam.id}`,
      `users/${stranger.id}`
    )

    const web = await signIn(member)
    const changed = await web.patch('/api/v1/users/me', {
      displayName: 'Robert Tables',
      username: 'robert',
    })
    assert.equal(changed.status, 200)

    const [event] = await teammate.waitFor(() => {
      const found = teammate.on(teamStream, 'user.updated')
      return found.length > 0 && found
    })
    assert.equal(event.data.user.id, member.id)
    assert.equal(event.data.user.displayName, 'Robert Tables')
    assert.equal(event.data.user.username, 'robert')
    assert.notProperty(event.data.user, 'email')
    assert.notInclude(JSON.stringify(event.data), member.email)
    assert.isNumber(event.seq)

    assert.isTrue(await outsider.quietFor(QUIET_MS))
    assert.lengthOf(outsider.on(`teams/${otherTeam.id}`), 0)
    assert.lengthOf(outsider.on(`users/${stranger.id}`), 0)
  })

  test('catch-up on the team stream replays a profile change; an unchanged name sends nothing', async ({
    assert,
  }) => {
    const { team, admin, member } = await teamWithCast('Ops', { guest: false })
    const reader = await withToken(admin, ['read'])
    const stream = `teams/${team.id}`
    const before = await reader.get(`/api/v1/events?stream=${stream}&after=0`)
    const after = before.body.latestSeq

    const web = await signIn(member)
    const renamed = await web.patch('/api/v1/users/me', { displayName: 'Bobby' })
    const again = await web.patch('/api/v1/users/me', { displayName: 'Bobby' })
    assert.equal(renamed.status, 200)
    assert.equal(again.status, 200)

    const page = await reader.get(`/api/v1/events?stream=${stream}&after=${after}`)
    assert.equal(page.status, 200)
    const updates = page.body.data.filter((e: { type: string }) => e.type === 'user.updated')
    assert.lengthOf(updates, 1)
    assert.equal(updates[0].data.user.id, member.id)
    assert.equal(updates[0].data.user.displayName, 'Bobby')
    assert.notProperty(updates[0].data.user, 'email')
  })
})

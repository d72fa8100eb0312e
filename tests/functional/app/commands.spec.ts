import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import UserCreate from '#commands/user_create'
import UserList from '#commands/user_list'
import TeamList from '#commands/team_list'
import { isolate } from '#tests/helpers/auth'
import { UserFactory } from '#database/factories/user_factory'
import { TeamFactory, addMember } from '#database/factories/team_factory'

test.group('Admin console', (group) => {
  isolate(group)
  group.setup(() => {
    ace.ui.switchMode('raw')
    return () => ace.ui.switchMode('normal')
  })

  test('probe', async ({ assert }) => {
    let c = await ace.create(UserCreate, ['--username=alice', '--email=a@example.com', '--password=a long password'])
    await c.exec()
    console.log(c.exitCode, JSON.stringify(c.ui.logger.getLogs()))
    c = await ace.create(UserCreate, ['--username=-bad', '--email=bad', '--password=password123'])
    await c.exec()
    console.log(c.exitCode, JSON.stringify(c.ui.logger.getLogs()))
    const u = await UserFactory.create()
    const t = await TeamFactory.create()
    await addMember(t, u, 'admin')
    c = await ace.create(UserList, [])
    await c.exec()
    console.log(c.exitCode, JSON.stringify(c.ui.logger.getLogs()))
    c = await ace.create(TeamList, [])
    await c.exec()
    console.log(c.exitCode, JSON.stringify(c.ui.logger.getLogs()))
    assert.isTrue(true)
  })
})

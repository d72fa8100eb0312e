import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  person,
  screenshots,
  messageRow as message,
} from '#tests/helpers/browser'

test.group('Reactions', (group) => {
  group.each.setup(() => limiter.clear())

  test('a reaction picked in the emoji picker shows live in the other browser, and toggles', async ({
    assert,
  }) => {
    const gillian = await person('Gillian')
    const bob = await person('Bob')
    const { body: team } = await gillian.client.post('/api/v1/teams', { name: 'Bakery' })
    await bob.client.post('/api/v1/teams/join', { invite: team.inviteCode })
    const { body: channels } = await gillian.client.get(`/api/v1/teams/${team.id}/channels`)
    const lobby = channels.data.find((c: { name: string }) => c.name === 'town-square')
    const { body: post } = await gillian.client.post(`/api/v1/channels/${lobby.id}/posts`, {
      message: 'The new oven is in',
    })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    const address = `/teams/${team.id}/channels/${lobby.id}`
    await one.page.goto(address)
    await two.page.goto(address)

    // Bob picks 🎉 by typing its name; Enter takes the first match.
    const theirs = message(two.page, 'The new oven is in')
    await theirs.hover()
    await theirs.getByRole('button', { name: 'Add reaction' }).click()
    const picker = two.page.getByRole('dialog', { name: 'Add a reaction' })
    await picker.getByRole('button', { name: /^:\+1:/ }).waitFor()
    await screenshots(two.page, 'emoji-picker')
    assert.deepEqual(await accessibilityProblems(two.page), [])
    await picker.getByLabel('Search emoji').fill('tada')
    await picker.getByRole('button', { name: /^:tada:/ }).waitFor()
    await picker.getByLabel('Search emoji').press('Enter')
    await picker.waitFor({ state: 'detached' })

    const chip = (page: Page) =>
      message(page, 'The new oven is in').getByRole('button', { name: /^tada: / })
    await chip(two.page).waitFor()
    assert.equal(await chip(two.page).getAttribute('aria-pressed'), 'true')
    await chip(one.page).waitFor()
    assert.equal(await chip(one.page).getAttribute('aria-pressed'), 'false')
    assert.include(await chip(one.page).textContent(), '🎉')

    // Gillian adds hers from the chip; Bob takes his back.
    await chip(one.page).click()
    await message(two.page, 'The new oven is in')
      .getByRole('button', { name: /^tada: 2,/ })
      .waitFor()
    await chip(two.page).click()
    await message(one.page, 'The new oven is in')
      .getByRole('button', { name: /^tada: 1, by you$/ })
      .waitFor()

    const { body: stored } = await gillian.client.get(`/api/v1/posts/${post.id}`)
    assert.deepEqual(stored.reactions, [{ emoji: 'tada', count: 1, userIds: [gillian.id] }])
    await screenshots(one.page, 'reactions')
    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })
})

import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  screenshots,
  twoInAChannel,
} from '#tests/helpers/browser'

/** Gillian (who made the channel, so a board admin) and Bob (an editor) with a Roadmap board. */
async function seed() {
  const cast = await twoInAChannel(['Gillian', 'Bob'], 'Atelier', {
    name: 'product',
    displayName: 'Product',
  })
  const { body: board } = await cast.first.client.post(
    `/api/v1/channels/${cast.channel.id}/boards`,
    { title: 'Roadmap', template: 'project_tasks' }
  )
  await cast.first.client.post(`/api/v1/boards/${board.id}/cards`, { title: 'Read me' })
  const path = `/teams/${cast.team.id}/channels/${cast.channel.id}/boards/${board.id}`
  return { ...cast, board, path }
}

const settings = (page: Page) => page.getByRole('dialog', { name: 'Board settings' })
const boardTitle = (page: Page) => page.locator('.board-page__title')

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Board settings' }).click()
  await settings(page).waitFor()
  return settings(page)
}

test.group('Boards: settings, people and roles', (group) => {
  group.each.setup(() => limiter.clear())

  test('an admin renames the board, gives it an icon and a key; a bad key is refused; the other person sees it live', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, board, path } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(path)
    await two.page.goto(path)
    await boardTitle(two.page).getByText('Roadmap').waitFor()
    // An editor has no settings.
    assert.equal(await two.page.getByRole('button', { name: 'Board settings' }).count(), 0)

    const dialog = await openSettings(one.page)
    await screenshots(one.page, 'board-settings')
    assert.deepEqual(await accessibilityProblems(one.page), [])

    await dialog.getByLabel('Key').fill('x')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.locator('.ui-field__error').first().waitFor()
    const { body: unchanged } = await gillian.client.get(`/api/v1/boards/${board.id}`)
    assert.equal(unchanged.key, board.key)

    await dialog.getByLabel('Title').fill('Launch plan')
    await dialog.getByLabel('Icon').fill('🚀')
    await dialog.getByLabel('Key').fill('lch')
    await dialog.getByRole('radio', { name: /All activity/ }).check()
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.getByText('Saved.').waitFor()
    const { body: saved } = await gillian.client.get(`/api/v1/boards/${board.id}`)
    assert.containsSubset(saved, {
      title: 'Launch plan',
      icon: '🚀',
      key: 'LCH',
      channelActivity: 'all',
    })
    assert.equal(await dialog.getByLabel('Key').inputValue(), 'LCH')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await boardTitle(one.page).getByText('Launch plan').waitFor()
    await boardTitle(two.page).getByText('Launch plan').waitFor()
    // The sidebar and the tabs follow.
    await two.page
      .getByRole('link', { name: /Launch plan/ })
      .first()
      .waitFor()
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
  })

  test('roles: the channel’s default shown, an explicit role set and taken back, reaching the open board at once', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, board, path } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(path)
    await two.page.goto(path)
    const addCard = two.page.getByRole('button', { name: 'Add a card', exact: true })
    await addCard.first().waitFor()

    const dialog = await openSettings(one.page)
    await dialog.getByRole('tab', { name: 'People and roles' }).click()
    const people = dialog.getByRole('list', { name: 'People and their roles' })
    const gillianRow = people.getByRole('listitem').filter({ hasText: '@' + gillian.username })
    await gillianRow.getByText('Admin · channel admin').waitFor()
    const role = dialog.getByLabel('Role of Bob')
    assert.equal(await role.locator('option:checked').textContent(), 'Default (editor)')
    await screenshots(one.page, 'board-people')
    assert.deepEqual(await accessibilityProblems(one.page), [])

    await role.selectOption('viewer')
    await dialog.getByText('Bob is now viewer of this board.').waitFor({ state: 'attached' })
    const { body: members } = await gillian.client.get(`/api/v1/boards/${board.id}/members`)
    assert.deepEqual(members.data, [{ userId: bob.id, role: 'viewer' }])
    await two.page.getByText('Read only: your role on this board is viewer').waitFor()
    assert.equal(await addCard.count(), 0)

    await role.selectOption('')
    await dialog
      .getByText('Bob now has the channel’s default: editor.')
      .waitFor({ state: 'attached' })
    const { body: none } = await gillian.client.get(`/api/v1/boards/${board.id}/members`)
    assert.deepEqual(none.data, [])
    assert.deepEqual(one.problems, [])
  })

  test('archive makes it read-only for everyone, and delete asks, then takes it away from both', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, team, channel, board, path } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(path)
    await two.page.goto(path)
    await two.page.getByRole('button', { name: 'Add a card', exact: true }).first().waitFor()

    let dialog = await openSettings(one.page)
    await dialog.getByRole('button', { name: 'Archive board' }).click()
    await dialog.getByText('This board is archived').waitFor()
    await dialog.getByRole('button', { name: 'Close' }).first().click()
    await one.page.getByText('This board is archived: read only.').waitFor()
    const { body: archived } = await gillian.client.get(`/api/v1/boards/${board.id}`)
    assert.isTrue(archived.archived)
    await two.page.getByText(/Read only/).waitFor()

    dialog = await openSettings(one.page)
    await dialog.getByRole('button', { name: 'Unarchive board' }).click()
    await dialog.getByRole('button', { name: 'Archive board' }).waitFor()
    await dialog.getByRole('button', { name: 'Delete board…' }).click()
    const confirm = dialog.getByRole('group', { name: 'Delete this board?' })
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    const kept = await gillian.client.get(`/api/v1/boards/${board.id}`)
    assert.equal(kept.status, 200)
    await dialog.getByRole('button', { name: 'Delete board…' }).click()
    await confirm.getByRole('button', { name: 'Delete board' }).click()
    await one.page.waitForURL(`**/teams/${team.id}/channels/${channel.id}`)
    await two.page.getByText('This board was deleted').waitFor()
    const gone = await gillian.client.get(`/api/v1/boards/${board.id}`)
    assert.equal(gone.status, 404)
    assert.equal(await one.page.getByRole('link', { name: /Roadmap/ }).count(), 0)
    assert.deepEqual(one.problems, [])
  })
})

import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  messageRow,
  openBrowser,
  openChannel,
  screenshots,
  twoInAChannel,
} from '#tests/helpers/browser'
import { eventually } from '#tests/helpers/realtime'

/** Gillian (a board admin, who made it) and Bob in a Product channel with a Roadmap board. */
async function seed() {
  const cast = await twoInAChannel(['Gillian', 'Bob'], 'Studio', {
    name: 'product',
    displayName: 'Product',
  })
  const { body: board } = await cast.first.client.post(
    `/api/v1/channels/${cast.channel.id}/boards`,
    { title: 'Roadmap', template: 'project_tasks' }
  )
  return { ...cast, board }
}

const switcher = (page: Page) => page.getByRole('dialog', { name: 'Switch to' })

test.group('Boards: cards in chat', (group) => {
  group.each.setup(() => limiter.clear())

  test('"Create card from message" makes a card on the channel’s board in the column chosen; the message shows it and opens it', async ({
    assert,
  }) => {
    const { first: gillian, team, channel, board } = await seed()
    const { body: post } = await gillian.client.post(`/api/v1/channels/${channel.id}/posts`, {
      message: '**Fix** the login page\nIt rejects long passwords.',
    })
    const { page, problems } = await openBrowser()
    await logIn(page, gillian)
    await openChannel(page, team.id, channel.id)

    const row = messageRow(page, 'It rejects long passwords.')
    await row.hover()
    await row.getByRole('button', { name: 'More actions' }).click()
    await page.getByRole('menuitem', { name: 'Create card from message…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create card from message' })
    await dialog.waitFor()
    assert.equal(await dialog.getByLabel('Title').inputValue(), 'Fix the login page')
    assert.equal(
      await dialog.getByLabel('Description').inputValue(),
      '**Fix** the login page\nIt rejects long passwords.'
    )
    const boardPicker = dialog.getByLabel('Board')
    assert.include(await boardPicker.locator('option:checked').textContent(), 'Roadmap')
    const columnPicker = dialog.getByLabel('Column')
    await columnPicker.locator('option', { hasText: 'In progress' }).waitFor({ state: 'attached' })
    assert.equal(await columnPicker.locator('option:checked').textContent(), 'To do')
    await screenshots(page, 'card-from-message')
    assert.deepEqual(await accessibilityProblems(page), [])

    // An empty title is refused where it is typed, and nothing is made.
    await dialog.getByLabel('Title').fill('  ')
    await dialog.getByRole('button', { name: 'Create card' }).click()
    await dialog.getByText('Give the card a title.').waitFor()

    await dialog.getByLabel('Title').fill('Long passwords fail at login')
    await columnPicker.selectOption({ label: 'In progress' })
    await dialog.getByRole('button', { name: 'Create card' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByText(`Created ${board.key}-1 on Roadmap`).waitFor()

    const { body: cards } = await gillian.client.get(`/api/v1/boards/${board.id}/cards`)
    assert.lengthOf(cards.data, 1)
    const [card] = cards.data
    assert.equal(card.title, 'Long passwords fail at login')
    assert.equal(card.sourcePostId ?? post.id, post.id)
    const { body: doc } = await gillian.client.get(`/api/v1/boards/${board.id}/columns`)
    const inProgress = doc.data.find((column: { label: string }) => column.label === 'In progress')
    assert.equal(card.values[doc.groupBy], inProgress.id)

    // The message now previews the card (as the card's own new post in the channel does); its
    // link opens the card on its board.
    const preview = row
      .filter({ hasNotText: `created ${board.key}-1` })
      .getByRole('list', { name: 'Card previews' })
      .getByRole('listitem')
    await preview.getByText('Long passwords fail at login').waitFor()
    await preview.getByRole('link', { name: new RegExp(`${board.key}-1`) }).click()
    await page.waitForURL(`**/boards/${board.id}/cards/${card.id}`)
    const sheet = page.getByRole('region', { name: 'Card' })
    await sheet.getByLabel('Card title').waitFor()
    assert.equal(await sheet.getByLabel('Card title').inputValue(), 'Long passwords fail at login')
    assert.deepEqual(problems, [])
  })

  test('Ctrl+K finds a board by its title and a card by its reference or its title', async ({
    assert,
  }) => {
    const { first: gillian, team, channel, board } = await seed()
    const made = await gillian.client.post(`/api/v1/boards/${board.id}/cards`, {
      title: 'Quarterly planning notes',
    })
    const { page, problems } = await openBrowser()
    await logIn(page, gillian)
    await openChannel(page, team.id, channel.id)

    await page.keyboard.press('Control+k')
    await switcher(page).waitFor()
    await page.keyboard.type('roadm')
    const first = switcher(page).getByRole('option').first()
    await first.getByText('Roadmap').waitFor()
    assert.include(await first.textContent(), 'Board in ~product')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/boards/${board.id}`)
    await switcher(page).waitFor({ state: 'hidden' })

    // By reference, typed in lower case.
    await page.keyboard.press('Control+k')
    await switcher(page).waitFor()
    await page.keyboard.type(`${board.key.toLowerCase()}-${made.body.number}`)
    const byRef = switcher(page).getByRole('option', { name: /Quarterly planning notes/ })
    await byRef.waitFor()
    assert.include(await byRef.textContent(), `${board.key}-${made.body.number}`)
    await screenshots(page, 'switcher-cards')
    assert.deepEqual(await accessibilityProblems(page), [])
    await page.keyboard.press('Escape')
    await switcher(page).waitFor({ state: 'hidden' })

    // By words of its title: Enter opens the card on its board.
    await page.keyboard.press('Control+k')
    await switcher(page).waitFor()
    await page.keyboard.type('planning')
    await switcher(page)
      .getByRole('option', { name: /Quarterly planning notes/ })
      .waitFor()
    await eventually(async () => {
      const selected = switcher(page).locator('[role="option"][aria-selected="true"]')
      return ((await selected.textContent()) ?? '').includes('Quarterly planning notes')
    })
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/boards/${board.id}?card=${made.body.id}`)
    assert.deepEqual(problems, [])
  })
})

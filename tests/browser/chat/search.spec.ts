import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  PHONE,
  screenshots,
  twoInAChannel,
} from '#tests/helpers/browser'

/**
 * Gillian and Bob in a team's Design channel: Bob's message about kerning there, Gillian's
 * with the same word, the word again in the town square, and a reply of Bob's in a thread.
 */
async function seed() {
  const cast = await twoInAChannel(['Gillian', 'Bob'], 'Sign Shop', {
    name: 'design',
    displayName: 'Design',
  })
  const { first: gillian, second: bob, team, channel: design, townSquare } = cast
  const post = async (who: typeof gillian, channelId: string, message: string, rootId?: string) => {
    const response = await who.client.post(`/api/v1/channels/${channelId}/posts`, {
      message,
      rootId,
    })
    return response.body
  }
  const target = await post(bob, design.id, 'The kerning on the <b>poster</b> is off')
  await post(gillian, design.id, 'I fixed the kerning yesterday')
  await post(bob, townSquare.id, 'kerning talk is for ~design')
  const root = await post(gillian, design.id, 'Which paper for the posters?')
  const reply = await post(bob, design.id, 'The matte paper, for the glare', root.id)
  // Enough after it that the channel's latest page does not hold Bob's message.
  for (let index = 0; index < 60; index++) await post(gillian, design.id, `filler ${index}`)
  return { gillian, bob, team, design, townSquare, target, root, reply }
}

const box = (page: Page) => page.getByRole('combobox', { name: 'Search messages' })
const suggestions = (page: Page) => page.getByRole('listbox', { name: 'Search suggestions' })
const panel = (page: Page) => page.getByRole('complementary', { name: 'Search results' })
const switcher = (page: Page) => page.getByRole('dialog', { name: 'Switch to' })
const focusedLabel = (page: Page) =>
  page.evaluate('document.activeElement?.getAttribute("aria-label") ?? null')

test.group('Search', (group) => {
  group.each.setup(() => limiter.clear())

  test('from: and in: are suggested, and the search finds the message and opens it marked in its channel', async ({
    assert,
  }) => {
    const { gillian, bob, team, townSquare, design, target } = await seed()
    const { page, problems } = await openBrowser()
    await logIn(page, gillian)
    await page.goto(`/teams/${team.id}/channels/${townSquare.id}`)
    await page.getByRole('log', { name: 'Messages' }).getByText('kerning talk').waitFor()

    // `/` away from any field puts the focus in the box.
    await page.evaluate('document.activeElement?.blur()')
    await page.keyboard.press('/')
    assert.equal(await focusedLabel(page), 'Search messages')

    // from: offers people, Tab takes the highlighted one.
    await page.keyboard.type('from:bo')
    await suggestions(page).getByRole('option', { name: /Bob/ }).waitFor()
    await page.keyboard.press('Tab')
    assert.equal(await box(page).inputValue(), `from:@${bob.username} `)

    // in: offers the sidebar's channels, Enter takes the first.
    await page.keyboard.type('in:~des')
    await suggestions(page)
      .getByRole('option', { name: /Design/ })
      .waitFor()
    await screenshots(page, 'search-suggestions')
    assert.deepEqual(await accessibilityProblems(page), [])
    await page.keyboard.press('Enter')
    assert.equal(await box(page).inputValue(), `from:@${bob.username} in:~design `)

    await page.keyboard.type('kerning')
    await page.keyboard.press('Enter')
    const results = panel(page)
    await results.getByText('1 result').waitFor()
    await results.getByRole('heading', { name: 'Design' }).waitFor()
    const link = results.getByRole('link', { name: /kerning on the/ })
    // The message's own text is shown as text, the match marked.
    assert.equal(
      await link
        .locator('mark')
        .allTextContents()
        .then((t) => t.join('|')),
      'kerning'
    )
    assert.include(await link.textContent(), 'The kerning on the <b>poster</b> is off')
    assert.equal(await link.locator('b').count(), 0)

    await screenshots(page, 'search-results')
    assert.deepEqual(await accessibilityProblems(page), [])

    // ↓ from the box reaches the result, Enter opens the channel at the message, marked.
    await box(page).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/channels/${design.id}?post=${target.id}`)
    const marked = page.locator('.message--highlighted')
    await marked.getByText('The kerning on the <b>poster</b> is off').waitFor()
    assert.deepEqual(problems, [])
  })

  test('a reply found opens its thread, and a card found with in:board opens the card', async ({
    assert,
  }) => {
    const { gillian, team, design, root } = await seed()
    const { body: board } = await gillian.client.post(`/api/v1/channels/${design.id}/boards`, {
      title: 'Print jobs',
      key: 'PJ',
    })
    const { body: card } = await gillian.client.post(`/api/v1/boards/${board.id}/cards`, {
      title: 'Reprint the glare posters',
    })
    const { page, problems } = await openBrowser()
    await logIn(page, gillian)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    await page.getByRole('log', { name: 'Messages' }).getByText('filler 59').waitFor()

    await page.keyboard.press('Control+f')
    await page.keyboard.type('glare')
    await page.keyboard.press('Enter')
    await panel(page).getByText('2 results').waitFor()
    await panel(page)
      .getByRole('link', { name: /In reply to: Which paper/ })
      .click()
    await page.waitForURL(new RegExp(`thread=${root.id}`))
    await page.getByRole('complementary', { name: 'Thread' }).getByText('The matte paper').waitFor()

    await box(page).fill('in:board glare')
    await box(page).press('Enter')
    const cardLink = panel(page).getByRole('link', { name: /PJ-1/ })
    await cardLink.waitFor()
    // One right panel: the results took the thread's place.
    await page.getByRole('complementary', { name: 'Thread' }).waitFor({ state: 'detached' })
    assert.notInclude(page.url(), 'thread=')
    assert.equal(await panel(page).getByRole('link').count(), 1)
    // The card's address opens the card, as a page of its own in the shell.
    await cardLink.click()
    await page.waitForURL(new RegExp(`/boards/${board.id}/cards/${card.id}$`))
    await page.getByRole('region', { name: 'Card' }).getByLabel('Card title').waitFor()
    assert.deepEqual(problems, [])
  })

  test('a date operator offers a date picker, results come a page at a time, and a query the server refuses says why', async ({
    assert,
  }) => {
    const { gillian, team, design } = await seed()
    const { page, problems } = await openBrowser()
    await logIn(page, gillian)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    await page.getByRole('log', { name: 'Messages' }).getByText('filler 59').waitFor()

    await page.keyboard.press('Control+f')
    await page.keyboard.type('before:')
    await suggestions(page).getByRole('option', { name: /Today/ }).waitFor()
    // ↑ from the first row wraps to the last: the picker.
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    const day = page.getByLabel('Day for before:')
    await day.waitFor()
    await day.fill('2020-01-01')
    await day.press('Enter')
    assert.equal(await box(page).inputValue(), 'before:2020-01-01 ')
    assert.equal(await focusedLabel(page), 'Search messages')
    await page.keyboard.type('kerning')
    await page.keyboard.press('Enter')
    await panel(page).getByText('No results for “before:2020-01-01 kerning”.').waitFor()

    await box(page).fill('status:open')
    await box(page).press('Enter')
    await panel(page).getByRole('alert').waitFor()
    assert.include(await panel(page).getByRole('alert').textContent(), 'status')

    // A search of many matches comes a page at a time.
    await box(page).fill('filler')
    await box(page).press('Enter')
    await panel(page).getByText('20+ results').waitFor()
    await panel(page).getByRole('button', { name: 'More results' }).click()
    await panel(page).getByText('40+ results').waitFor()
    await panel(page).getByRole('button', { name: 'More results' }).click()
    await panel(page).getByText('60 results').waitFor()
    assert.equal(await panel(page).getByRole('button', { name: 'More results' }).count(), 0)
    assert.equal(await panel(page).getByRole('link').count(), 60)

    // An empty search is answered in place.
    await box(page).fill('')
    await box(page).press('Enter')
    await page.getByRole('status').filter({ hasText: 'Type words to search for' }).waitFor()
    assert.deepEqual(problems, [])
  })

  test('Ctrl+K switches channel by keyboard only, and opens a direct message with a person', async ({
    assert,
  }) => {
    const { gillian, bob, team, townSquare, design } = await seed()
    const { page, problems } = await openBrowser()
    await logIn(page, gillian)
    await page.goto(`/teams/${team.id}/channels/${townSquare.id}`)
    await page.getByRole('log', { name: 'Messages' }).getByText('kerning talk').waitFor()

    await page.keyboard.press('Control+k')
    await switcher(page).waitFor()
    await page.keyboard.type('des')
    const first = switcher(page).getByRole('option').first()
    assert.include(await first.textContent(), 'Design')
    assert.equal(await first.getAttribute('aria-selected'), 'true')
    await screenshots(page, 'quick-switcher')
    assert.deepEqual(await accessibilityProblems(page), [])
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/channels/${design.id}`)
    await switcher(page).waitFor({ state: 'hidden' })

    // Escape closes it and gives the focus back.
    const inDesign = await focusedLabel(page)
    await page.keyboard.press('Control+k')
    await switcher(page).waitFor()
    await page.keyboard.press('Escape')
    await switcher(page).waitFor({ state: 'hidden' })
    assert.equal(await focusedLabel(page), inDesign)

    // A person: their direct message is made and opened. (Typing before the dialog is open
    // would type into the page, not the switcher.)
    await page.keyboard.press('Control+k')
    await switcher(page).waitFor()
    await page.keyboard.type('bob')
    await switcher(page)
      .getByRole('option', { name: new RegExp(`@${bob.username}`) })
      .waitFor()
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => !url.pathname.endsWith(design.id))
    await page.getByRole('heading', { level: 1, name: 'Bob' }).waitFor()
    assert.deepEqual(problems, [])
  })

  test('at phone width the results cover the screen and opening one shows the message', async ({
    assert,
  }) => {
    const { gillian, team, townSquare, design, target } = await seed()
    const { page, problems } = await openBrowser({ viewport: { ...PHONE, width: 360 } })
    await logIn(page, gillian)
    await page.goto(`/teams/${team.id}/channels/${townSquare.id}`)
    await box(page).fill('kerning poster')
    await box(page).press('Enter')
    const link = panel(page).getByRole('link', { name: /kerning on the/ })
    await link.waitFor()
    const box360 = await panel(page).boundingBox()
    assert.equal(box360?.width, 360)
    await link.click()
    await page.waitForURL(`**/channels/${design.id}?post=${target.id}`)
    await panel(page).waitFor({ state: 'hidden' })
    await page.locator('.message--highlighted').getByText('kerning on the').waitFor()
    assert.deepEqual(problems, [])
  })
})

import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  composerBox,
  logIn,
  messageRow,
  openBrowser,
  screenshots,
  twoInAChannel,
} from '#tests/helpers/browser'

/** The channel open now, by the sidebar's current link. */
const current = (page: Page) =>
  page.getByRole('navigation', { name: 'Channels' }).locator('a[aria-current="page"]').innerText()

/** The accessible name (or else the text) of what has focus. */
const focused = (page: Page) =>
  page.evaluate(
    '(document.activeElement?.getAttribute("aria-label") || document.activeElement?.textContent || "").trim()'
  ) as Promise<string>

/** Waits until what has focus is named like `pattern` (focus can follow a frame later). */
async function focusedOn(page: Page, pattern: RegExp) {
  const deadline = Date.now() + 3000
  let name = await focused(page)
  while (!pattern.test(name) && Date.now() < deadline) {
    await page.waitForTimeout(50)
    name = await focused(page)
  }
  return name
}

/** Which region holds the focus: the sidebar, the messages, the composer or the thread (outermost). */
const region = (page: Page) =>
  page.evaluate(
    `(() => {
      let r = document.activeElement?.closest("[data-region]")
      while (r?.parentElement?.closest("[data-region]")) r = r.parentElement.closest("[data-region]")
      return r ? (r.getAttribute("aria-label") || r.className.split(" ")[0]) : null
    })()`
  )

test.group('Keyboard', (group) => {
  group.each.setup(() => limiter.clear())

  test('the keyboard map: channels, unread channels, regions, messages, composer, Escape and the list', async ({
    assert,
  }) => {
    const {
      first: ada,
      second: bob,
      team,
      channel: design,
    } = await twoInAChannel(['Ada', 'Bob'], 'Keys', { name: 'design', displayName: 'Design' })
    const { body: ops } = await ada.client.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'public',
      name: 'ops',
      displayName: 'Ops',
    })
    await bob.client.post(`/api/v1/channels/${ops.id}/join`)
    for (const text of ['Morning all', 'Proofs are in'])
      await ada.client.post(`/api/v1/channels/${design.id}/posts`, { message: text })
    await bob.client.post(`/api/v1/channels/${design.id}/posts`, { message: 'Looks good' })

    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    await messageRow(page, 'Looks good').waitFor()
    await page.locator('body').click({ position: { x: 700, y: 300 } })

    // Alt+↓ / Alt+↑: the next and previous channel in the sidebar's order.
    const names = await page
      .getByRole('navigation', { name: 'Channels' })
      .locator('section')
      .first()
      .getByRole('link')
      .allInnerTexts()
    const order = names.map((name) => name.split('\n')[0].trim())
    const at = order.indexOf('Design')
    await page.keyboard.press('Alt+ArrowDown')
    await page.waitForURL((url) => !url.pathname.endsWith(design.id))
    const opened = await current(page)
    assert.equal(opened.split('\n')[0], order[(at + 1) % order.length])
    await page.keyboard.press('Alt+ArrowUp')
    await page.waitForURL((url) => url.pathname.endsWith(design.id))

    // Alt+Shift+↓: the next channel with something unread, skipping the read ones.
    await ada.client.post(`/api/v1/channels/${ops.id}/posts`, { message: 'Deploy at noon' })
    await page.getByRole('link', { name: /Ops\s+unread/ }).waitFor()
    await page.keyboard.press('Alt+Shift+ArrowDown')
    await page.waitForURL((url) => url.pathname.endsWith(ops.id))
    await messageRow(page, 'Deploy at noon').waitFor()
    await page.keyboard.press('Alt+Shift+ArrowUp')
    await page.waitForTimeout(300)
    assert.isTrue(page.url().endsWith(ops.id), 'no other channel is unread: it stays')
    await page.getByRole('link', { name: 'Design', exact: true }).click()
    await messageRow(page, 'Looks good').waitFor()

    // F6 goes round the regions: sidebar → messages → composer, and Shift+F6 back.
    await page.locator('body').click({ position: { x: 700, y: 300 } })
    await page.keyboard.press('F6')
    assert.equal(await region(page), 'Channels')
    await page.keyboard.press('F6')
    assert.equal(await region(page), 'Messages')
    await page.keyboard.press('F6')
    assert.equal(await region(page), 'composer')
    await page.keyboard.press('Shift+F6')
    assert.equal(await region(page), 'Messages')

    // j/k select messages (focused, so a screen reader reads them); e edits one's own, r replies.
    await page.keyboard.press('k')
    assert.match(await focusedOn(page, /^Bob,/), /^Bob,/)
    await page.keyboard.press('k')
    assert.match(await focusedOn(page, /^Ada,/), /^Ada,/)
    await page.keyboard.press('e')
    assert.notInclude(
      await page.locator('.composer__editing').allInnerTexts(),
      'Editing your message'
    )
    await page.keyboard.press('j')
    assert.match(await focusedOn(page, /^Bob,/), /^Bob,/)
    await page.keyboard.press('e')
    await page.getByText('Editing your message').waitFor()
    assert.equal(
      await page.getByRole('textbox', { name: 'Edit message' }).inputValue(),
      'Looks good'
    )
    await page.keyboard.press('Escape')
    await page.getByText('Editing your message').waitFor({ state: 'detached' })
    // From the composer, F6 goes round to the sidebar, then to the messages.
    await page.keyboard.press('F6')
    await page.keyboard.press('F6')
    assert.equal(await region(page), 'Messages')
    // The selection is kept: one up from Bob's message is Ada's second.
    await page.keyboard.press('k')
    assert.match(await focusedOn(page, /^Ada,/), /^Ada,/)
    await page.keyboard.press('r')
    const thread = page.getByRole('complementary', { name: 'Thread' })
    await thread.getByText('Proofs are in').waitFor()

    // F6 reaches the thread panel as the fourth region; Escape there closes it.
    await composerBox(page).first().focus()
    await page.keyboard.press('F6')
    assert.equal(await region(page), 'Thread')
    await page.keyboard.press('Escape')
    await thread.waitFor({ state: 'detached' })

    // In an empty composer ↑ edits one's last message and Shift+↑ replies to the last one.
    await composerBox(page).focus()
    await page.keyboard.press('ArrowUp')
    await page.getByText('Editing your message').waitFor()
    await page.keyboard.press('Escape')
    await page.keyboard.press('Shift+ArrowUp')
    await thread.getByText('Looks good').waitFor()
    assert.include(page.url(), 'thread=')

    // Escape marks the channel read (even one marked unread) and closes the panel.
    await page.keyboard.press('Escape')
    await thread.waitFor({ state: 'detached' })
    const row = messageRow(page, 'Proofs are in')
    await row.hover()
    await row.getByRole('button', { name: 'More actions' }).click()
    await page.getByRole('menuitem', { name: 'Mark as unread' }).click()
    await page.getByRole('link', { name: /Design\s+unread/ }).waitFor()
    await page.locator('body').click({ position: { x: 700, y: 300 } })
    await page.keyboard.press('Escape')
    await page.getByRole('link', { name: 'Design', exact: true }).waitFor()
    const { body } = await bob.client.get(`/api/v1/teams/${team.id}/channels`)
    assert.equal(body.data.find((c: { id: string }) => c.id === design.id).unreadCount, 0)

    // Ctrl+/ lists every shortcut; Escape closes the list and gives the focus back.
    await composerBox(page).focus()
    await page.keyboard.press('Control+/')
    const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await list.waitFor()
    for (const described of ['Previous unread channel', 'Select the message above', 'This list'])
      await list.getByText(described, { exact: false }).first().waitFor()
    assert.deepEqual(await accessibilityProblems(page), [])
    await screenshots(page, 'keyboard-shortcuts')
    await page.keyboard.press('Escape')
    await list.waitFor({ state: 'detached' })
    assert.equal(await region(page), 'composer')

    assert.deepEqual(problems, [])
    await context.close()
  })
  test('/ focuses the search box outside a text field, and Escape closes the results', async ({
    assert,
  }) => {
    const {
      first: cy,
      second: bob,
      team,
      channel: design,
    } = await twoInAChannel(['Cy', 'Bob'], 'Find', {
      name: 'design',
      displayName: 'Design',
    })
    await bob.client.post(`/api/v1/channels/${design.id}/posts`, { message: 'Kerning is off' })
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    await messageRow(page, 'Kerning is off').waitFor()
    const box = page.getByRole('combobox', { name: 'Search messages' })

    // A message arriving from someone else is said by the polite live region beside the list.
    await cy.client.post(`/api/v1/channels/${design.id}/posts`, {
      message: 'Fixed the **kerning**',
    })
    await messageRow(page, 'Fixed the kerning').waitFor()
    const said = page.locator('p[aria-live="polite"]').filter({ hasText: 'Cy: Fixed the kerning' })
    await said.waitFor({ state: 'attached' })

    // In the composer / is a character; outside it, the search box takes the focus.
    await composerBox(page).focus()
    await page.keyboard.press('/')
    assert.equal(await composerBox(page).inputValue(), '/')
    await composerBox(page).fill('')
    await page.locator('body').click({ position: { x: 700, y: 300 } })
    await page.keyboard.press('/')
    assert.isTrue(
      await box.evaluate((field: any) => field === (globalThis as any).document.activeElement)
    )
    await box.fill('kerning')
    await page.keyboard.press('Enter')
    const results = page.getByRole('complementary', { name: 'Search results' })
    await results.getByText('Kerning', { exact: false }).first().waitFor()

    // Escape from the messages closes the results panel.
    await page.keyboard.press('F6')
    await page.keyboard.press('F6')
    assert.equal(await region(page), 'Messages')
    await page.keyboard.press('Escape')
    await results.waitFor({ state: 'detached' })
    assert.deepEqual(problems, [])
    await context.close()
  })
})

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
  messageLog as log,
  messageRow as message,
} from '#tests/helpers/browser'

/** Opens a message's "More actions" menu. */
async function actions(page: Page, text: string) {
  const row = message(page, text)
  await row.hover()
  await row.getByRole('button', { name: 'More actions' }).click()
  const menu = page.getByRole('menu', { name: 'Message actions' })
  await menu.waitFor()
  return menu
}

async function choose(page: Page, text: string, action: string) {
  const menu = await actions(page, text)
  await menu.getByRole('menuitem', { name: action }).click()
  await menu.waitFor({ state: 'detached' })
}

async function seed() {
  const cast = await twoInAChannel(['Gillian', 'Bob'], 'Print Shop', {
    name: 'design',
    displayName: 'Design',
  })
  const { first: gillian, design } = { ...cast, design: cast.channel }
  const sent: Record<string, { id: string; seq: number }> = {}
  for (const text of ['The proofs are back', 'Colours look dull', 'Reprint on Monday']) {
    const { body } = await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
      message: text,
    })
    sent[text] = body
  }
  await gillian.client.patch(`/api/v1/posts/${sent['Colours look dull'].id}`, {
    message: 'Colours look **too** dull',
  })
  return { ...cast, design, sent }
}

test.group('Message actions', (group) => {
  group.each.setup(() => limiter.clear())

  test('save, pin, edit history and delete from a message’s menu, live in the other browser', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, team, design } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    const address = `/teams/${team.id}/channels/${design.id}`
    await one.page.goto(address)
    await two.page.goto(address)

    // The menu is reachable by keyboard: arrows move, Escape closes it and gives focus back.
    const menu = await actions(two.page, 'The proofs are back')
    const focused = () => two.page.evaluate('document.activeElement?.textContent?.trim()')
    assert.equal(await focused(), 'Mark as unread')
    await two.page.keyboard.press('ArrowDown')
    assert.equal(await focused(), 'Save message')
    await two.page.keyboard.press('ArrowUp')
    await two.page.keyboard.press('ArrowUp')
    assert.equal(await focused(), 'Copy link', 'the arrows wrap around')
    await two.page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    assert.equal(
      await two.page.evaluate('document.activeElement?.getAttribute("aria-label")'),
      'More actions'
    )
    // Bob may not delete Gillian's message: the menu does not offer it.
    const others = await actions(two.page, 'The proofs are back')
    assert.equal(await others.getByRole('menuitem', { name: 'Delete message…' }).count(), 0)
    assert.deepEqual(await accessibilityProblems(two.page), [])
    await screenshots(two.page, 'message-menu')
    await two.page.keyboard.press('Escape')

    // Saved is Bob's alone, and the server remembers it across a reload.
    await choose(two.page, 'The proofs are back', 'Save message')
    await message(two.page, 'The proofs are back').getByText('Saved', { exact: true }).waitFor()
    await two.page.reload()
    await message(two.page, 'The proofs are back').getByText('Saved', { exact: true }).waitFor()
    assert.equal(
      await message(one.page, 'The proofs are back').getByText('Saved', { exact: true }).count(),
      0
    )

    // The saved list has it, and opens the channel at it.
    await two.page.getByRole('link', { name: 'Saved', exact: true }).click()
    const list = two.page.getByRole('list', { name: 'Saved messages' })
    await list.getByText('The proofs are back').waitFor()
    assert.equal(await list.getByRole('listitem').count(), 1)
    assert.deepEqual(await accessibilityProblems(two.page), [])
    await screenshots(two.page, 'saved-view')
    await list.getByRole('link').click()
    await two.page.waitForURL(/\/channels\/.*\?post=/)
    await message(two.page, 'The proofs are back').waitFor()

    // A pin shows in both browsers, and in the channel's pinned list.
    await choose(two.page, 'Reprint on Monday', 'Pin to channel')
    await message(one.page, 'Reprint on Monday').getByText('Pinned', { exact: true }).waitFor()
    await one.page.getByRole('button', { name: 'Pinned messages' }).click()
    const pins = one.page.getByRole('dialog', { name: 'Pinned in Design' })
    await pins.getByText('Reprint on Monday').waitFor()
    assert.equal(await pins.getByRole('listitem').count(), 1)
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await screenshots(one.page, 'pinned-dialog')
    await pins.getByRole('button', { name: 'Close' }).click()

    // The edit history lists the text before the edit under the current one.
    await choose(two.page, 'Colours look too dull', 'Edit history')
    const history = two.page.getByRole('dialog', { name: 'Edit history' })
    await history.getByText('Colours look dull').waitFor()
    const versions = await history.getByRole('listitem').allTextContents()
    assert.lengthOf(versions, 2)
    assert.match(versions[0].trim(), /^Current\s*Colours look too dull/)
    assert.match(versions[1].trim(), /^Replaced .*Colours look dull/s)
    await history.getByRole('button', { name: 'Close' }).click()

    // Gillian deletes her message after confirming; it leaves Bob's list.
    await choose(one.page, 'Colours look too dull', 'Delete message…')
    const confirm = one.page.getByRole('dialog', { name: 'Delete this message?' })
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
    await confirm.waitFor({ state: 'hidden' })
    await message(two.page, 'Colours look too dull').waitFor({ state: 'detached' })
    await message(one.page, 'Colours look too dull').waitFor({ state: 'detached' })

    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('on a touch screen a tap on a message shows its actions', async ({ assert }) => {
    const { second: bob, team, design } = await seed()
    const { page, problems, context } = await openBrowser({ viewport: PHONE, touch: true })
    await logIn(page, bob)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    const row = message(page, 'Colours look too dull')
    const more = row.getByRole('button', { name: 'More actions' })
    const shown = () =>
      more.evaluate(
        (button: any) => (globalThis as any).getComputedStyle(button.parentElement).opacity
      )
    assert.equal(await shown(), '0', 'the actions stay out of the way until asked for')
    await row.tap({ position: { x: 200, y: 10 } })
    assert.equal(await shown(), '1')
    await more.tap()
    const menu = page.getByRole('menu', { name: 'Message actions' })
    await menu.getByRole('menuitem', { name: 'Save message' }).tap()
    await row.getByText('Saved', { exact: true }).waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('mark as unread keeps the channel unread until it is left, with the line at that message', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, team, design } = await seed()
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    await message(page, 'Reprint on Monday').waitFor()
    const unreadLink = page.getByRole('link', { name: /Design\s+unread/ })

    await choose(page, 'Colours look too dull', 'Mark as unread')
    await unreadLink.waitFor()
    const line = log(page).getByRole('separator').filter({ hasText: 'New messages' })
    await line.waitFor()
    // The line sits right above the message marked.
    const row = log(page).locator('.list__row').filter({ hasText: 'New messages' })
    assert.include(await row.textContent(), 'Colours look too dull')
    // Staying does not read it again, even as a new message arrives (and the moment a read
    // would settle passes).
    await gillian.client.post(`/api/v1/channels/${design.id}/posts`, { message: 'Paper too' })
    await message(page, 'Paper too').waitFor()
    await page.waitForTimeout(1000)
    const { body } = await bob.client.get(`/api/v1/teams/${team.id}/channels`)
    const entry = body.data.find((channel: { id: string }) => channel.id === design.id)
    assert.equal(entry.unreadCount, 3)

    // Leaving and coming back reads it as usual.
    await page.getByRole('link', { name: /Town Square/ }).click()
    await page.getByRole('link', { name: /Design\s+unread/ }).click()
    await page.getByRole('link', { name: 'Design', exact: true }).waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a permalink opens the channel at an old message, marks it, and jumps back to the latest', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, team, design } = await seed()
    const posted: { id: string }[] = []
    for (let index = 1; index <= 160; index += 1) {
      const { body } = await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
        message: `Batch ${index}`,
      })
      posted.push(body)
    }
    const { page, problems, context } = await openBrowser()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await logIn(page, bob)
    const address = `/teams/${team.id}/channels/${design.id}`
    await page.goto(address)
    await message(page, 'Batch 160').waitFor()

    // Copy link gives the permalink of the message.
    await choose(page, 'Batch 160', 'Copy link')
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor()
    const copied = await page.evaluate('navigator.clipboard.readText()')
    assert.equal(copied, `${new URL(page.url()).origin}${address}?post=${posted[159].id}`)

    // An old message, far beyond the pages held: the channel opens around it.
    await page.goto(`${address}?post=${posted[9].id}`)
    const target = message(page, 'Batch 10')
    await target.waitFor()
    assert.include((await target.getAttribute('class')) ?? '', 'message--highlighted')
    assert.equal(await message(page, 'Batch 160').count(), 0)

    // Scrolling down reads the newer pages, in order and without gaps. Steps shorter than
    // the screen, so Batch 70 is on it at some step rather than scrolled past to the end.
    await log(page).hover()
    for (let turn = 0; turn < 200 && (await message(page, 'Batch 70').count()) === 0; turn += 1)
      await page.mouse.wheel(0, 400)
    const texts = await log(page).locator('.message__text').allTextContents()
    const batches = texts
      .map((text) => Number(/^Batch (\d+)$/.exec(text.trim())?.[1]))
      .filter((number) => number > 0)
    assert.isAbove(batches.length, 5)
    batches.forEach((number, index) => index > 0 && assert.equal(number, batches[index - 1] + 1))
    const jump = page.getByRole('button', { name: 'Jump to recent messages' })
    await jump.waitFor()
    await jump.click()
    await message(page, 'Batch 160').waitFor()
    await jump.waitFor({ state: 'detached' })
    assert.notInclude(page.url(), 'post=')

    // A message that does not exist says so and opens the latest messages.
    await page.goto(`${address}?post=00000000-0000-4000-8000-000000000000`)
    await page.getByText('That message is not available').waitFor()
    await message(page, 'Batch 160').waitFor()

    assert.deepEqual(problems, [])
    await context.close()
  })
})

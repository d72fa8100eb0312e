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
import { boardPath, boardWith, cardFront, columnOf } from '#tests/helpers/boards'
import type { WebClient } from '#tests/helpers/web_client'
import { eventually } from '#tests/helpers/realtime'

/** Gillian (who made the channel, so a board admin) and Bob (an editor) in a Product channel. */
async function seed(cards: string[] = ['Alpha', 'Beta']) {
  const people = await twoInAChannel(['Gillian', 'Bob'], 'Workshop', {
    name: 'product',
    displayName: 'Product',
  })
  const board = await boardWith(people.first.client, people.channel.id, { 'To do': cards })
  return { ...people, board }
}

/** A card of the board as the REST card API has it, by title. */
async function cardNamed(client: WebClient, boardId: string, title: string) {
  const { body } = await client.get(`/api/v1/boards/${boardId}/cards`)
  const found = body.data.find((entry: { title: string }) => entry.title === title)
  if (!found) throw new Error(`no card "${title}" in ${JSON.stringify(body.data)}`)
  return found as {
    id: string
    title: string
    description: string
    ref: string
    number: number
    url: string
    threadId: string
    progress: { done: number; total: number }
    checklist: Array<{ text: string; done: boolean }>
    values: Record<string, unknown>
  }
}

/** Whether the board has a card titled `title` that is card `id`, per the REST card list. */
async function hasTitle(client: WebClient, boardId: string, title: string, id: string) {
  const { body } = await client.get(`/api/v1/boards/${boardId}/cards`)
  return body.data.some(
    (entry: { id: string; title: string }) => entry.id === id && entry.title === title
  )
}

async function statusOf(client: WebClient, path: string) {
  const { status } = await client.get(path)
  return status
}

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Card' })
const editorOf = (page: Page) => panelOf(page).getByRole('textbox', { name: 'Description' })

/** The description as the editor shows it, without the other people's caret labels. */
function descriptionText(page: Page) {
  return editorOf(page).evaluate((content) => {
    const copy = content.cloneNode(true) as typeof content
    for (const caret of copy.querySelectorAll('.cm-ySelectionCaret')) caret.remove()
    return [...copy.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\n')
  })
}

/** Both people on the board with card `title` open in the panel. */
async function bothOnCard(title: string, cards?: string[]) {
  const seeded = await seed(cards)
  const card = await cardNamed(seeded.first.client, seeded.board.id, title)
  const one = await openBrowser()
  const two = await openBrowser()
  await logIn(one.page, seeded.first)
  await logIn(two.page, seeded.second)
  for (const { page } of [one, two]) {
    await page.goto(`${boardPath(seeded.board)}?card=${card.id}`)
    await panelOf(page).getByLabel('Card title').waitFor()
  }
  return { ...seeded, card, one, two }
}

test.group('Boards: the card panel', (group) => {
  group.each.setup(() => limiter.clear())

  test('the panel edits every property of the card: a select, a person, a date and the column, live for the other person and in the REST card', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, board, card, one, two } = await bothOnCard('Alpha')
    const properties = panelOf(one.page).getByRole('region', { name: 'Properties' })
    await properties.getByRole('button', { name: /^Priority/ }).click()
    await one.page.getByRole('option', { name: 'High' }).click()
    await properties.getByRole('button', { name: /^Assignee/ }).click()
    await one.page.getByRole('option', { name: 'Bob' }).click()
    await one.page.keyboard.press('Enter')
    await properties.getByRole('button', { name: /^Due date/ }).click()
    await one.page.getByRole('textbox', { name: 'Due date' }).fill('2031-03-01')
    await one.page.keyboard.press('Enter')
    await properties.getByRole('button', { name: /^Status/ }).click()
    await one.page.getByRole('option', { name: 'In progress' }).click()
    await screenshots(one.page, 'board-card-properties')
    assert.deepEqual(await accessibilityProblems(one.page), [])

    const { body: doc } = await gillian.client.get(`/api/v1/boards/${board.id}/document`)
    const field = (name: string) =>
      doc.fields.find((entry: { name: string }) => entry.name === name)
    const optionOf = (name: string, label: string) =>
      field(name).options.find((entry: { label: string }) => entry.label === label).id
    await eventually(async () => {
      const { values } = await cardNamed(gillian.client, board.id, 'Alpha')
      return (
        values[field('Priority').id] === optionOf('Priority', 'High') &&
        JSON.stringify(values[field('Assignee').id]) === JSON.stringify([bob.id]) &&
        values[field('Due date').id] === '2031-03-01' &&
        values[field('Status').id] === optionOf('Status', 'In progress')
      )
    })
    // Bob's panel shows them live, and the kanban moved the card to its new column.
    const theirs = panelOf(two.page).getByRole('region', { name: 'Properties' })
    await theirs
      .getByRole('button', { name: /^Priority/ })
      .getByText('High')
      .waitFor()
    await theirs
      .getByRole('button', { name: /^Assignee/ })
      .getByText('Bob')
      .waitFor()
    await columnOf(two.page, 'In progress')
      .getByRole('article', { name: /^Alpha/ })
      .waitFor()
    assert.equal(card.title, 'Alpha')
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
  })

  test('two people typing in one description at once both keep their text, and each sees the other’s named cursor', async ({
    assert,
  }) => {
    const { first: gillian, board, card, one, two } = await bothOnCard('Alpha')
    await gillian.client.patch(`/api/v1/cards/${card.id}`, { description: 'The middle.' })
    for (const { page } of [one, two]) await editorOf(page).getByText('The middle.').waitFor()

    // Gillian types at the start, Bob at the end, both at the same time.
    await editorOf(one.page).click()
    await one.page.keyboard.press('Control+Home')
    await editorOf(two.page).click()
    await two.page.keyboard.press('Control+End')
    await Promise.all([
      one.page.keyboard.type('Gillian wrote this. ', { delay: 25 }),
      two.page.keyboard.type(' Bob wrote that.', { delay: 25 }),
    ])
    const expected = 'Gillian wrote this. The middle. Bob wrote that.'
    const texts = () => Promise.all([one, two].map(({ page }) => descriptionText(page)))
    const agree = async () => {
      const shown = await texts()
      return shown.every((text) => text === expected)
    }
    await eventually(agree, 5000).catch(async (error) => {
      throw new Error(`the descriptions read ${JSON.stringify(await texts())}`, { cause: error })
    })
    await eventually(async () => {
      const stored = await cardNamed(gillian.client, board.id, 'Alpha')
      return stored.description === expected
    }, 5000)

    // Each sees where the other is, named.
    await panelOf(one.page).locator('.cm-ySelectionInfo', { hasText: 'Bob' }).waitFor()
    await panelOf(two.page).locator('.cm-ySelectionInfo', { hasText: 'Gillian' }).waitFor()
    // And who else has the card open, in the panel's header and the board's bar.
    await panelOf(one.page)
      .getByRole('list', { name: /Also on this card: Bob/ })
      .waitFor()
    await one.page.getByRole('list', { name: /Also on this board: Bob/ }).waitFor()

    // The editor's own undo takes back only this person's typing.
    await one.page.keyboard.press('Control+z')
    await eventually(async () => {
      const text = await descriptionText(two.page)
      return !text?.includes('Gillian wrote') && Boolean(text?.includes('Bob wrote that.'))
    }, 5000)

    await screenshots(one.page, 'board-card-panel')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    // Closing the panel leaves the card: Bob no longer sees Gillian on it.
    await one.page.keyboard.press('Escape')
    await panelOf(one.page).waitFor({ state: 'detached' })
    await panelOf(two.page)
      .getByRole('list', { name: /Also on this card/ })
      .waitFor({ state: 'detached' })
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a checklist is added to, ticked, reordered and renamed; its progress shows on the card front and in the REST card', async ({
    assert,
  }) => {
    const { first: gillian, board, card, one, two } = await bothOnCard('Alpha')
    const panel = panelOf(one.page)
    const adding = panel.getByLabel('New checklist item')
    for (const text of ['Write the notes', 'Tag the release', 'Announce it']) {
      await adding.fill(text)
      await adding.press('Enter')
      await panel.getByRole('checkbox', { name: `Done: ${text}` }).waitFor()
    }
    // Refused input says why and changes nothing.
    await adding.fill('   ')
    await adding.press('Enter')
    await panel.getByRole('alert').getByText('Must not be empty').waitFor()
    await adding.fill('x'.repeat(501))
    await adding.press('Enter')
    await panel.getByRole('alert').getByText('At most 500 characters').waitFor()

    await panel.getByRole('checkbox', { name: 'Done: Write the notes' }).check()
    await panel.getByText('1/3').waitFor()
    await panelOf(two.page)
      .getByRole('checkbox', { name: 'Done: Write the notes' })
      .and(two.page.locator(':checked'))
      .waitFor()
    // The front of the card on the kanban, for both.
    for (const { page } of [one, two]) await cardFront(page, 'Alpha').getByText('1/3').waitFor()

    // Keyboard reorder: Alt+↓ moves "Write the notes" below "Tag the release".
    await panel.getByLabel('Checklist item: Write the notes').focus()
    await one.page.keyboard.press('Alt+ArrowDown')
    const order = (page: Page) =>
      panelOf(page)
        .locator('.item__text')
        .evaluateAll((inputs) =>
          inputs.map((input) => (input as unknown as { value: string }).value)
        )
    await eventually(async () => {
      const [top] = await order(two.page)
      return top === 'Tag the release'
    }, 5000)
    // Renamed in place.
    await panel.getByLabel('Checklist item: Announce it').fill('Announce it in #general')
    await panel.getByLabel('Checklist item: Announce it').press('Enter')
    await panel.getByRole('button', { name: 'Delete: Tag the release' }).click()
    await eventually(async () => {
      const rest = await cardNamed(gillian.client, board.id, 'Alpha')
      return (
        JSON.stringify(rest.checklist.map((item) => [item.text, item.done])) ===
        JSON.stringify([
          ['Write the notes', true],
          ['Announce it in #general', false],
        ])
      )
    }, 5000)
    const rest = await cardNamed(gillian.client, board.id, card.title)
    assert.deepEqual(rest.progress, { done: 1, total: 2 })
    for (const { page } of [one, two]) await cardFront(page, 'Alpha').getByText('1/2').waitFor()
    assert.deepEqual(await order(two.page), ['Write the notes', 'Announce it in #general'])
    await screenshots(one.page, 'board-card-checklist')

    // A full checklist (the document's limit) refuses one more, and says so.
    const beta = await cardNamed(gillian.client, board.id, 'Beta')
    for (let index = 1; index <= 100; index++) {
      await gillian.client.post(`/api/v1/cards/${beta.id}/checklist`, { text: `Step ${index}` })
    }
    await one.page.goto(`${boardPath(board)}?card=${beta.id}`)
    await panel.getByText('0/100').waitFor()
    await adding.fill('One too many')
    await adding.press('Enter')
    await panel.getByRole('alert').getByText('At most 100 checklist items').waitFor()
    assert.equal(await panel.getByRole('checkbox', { name: 'Done: One too many' }).count(), 0)
    const full = await cardNamed(gillian.client, board.id, 'Beta')
    assert.equal(full.checklist.length, 100)
    assert.deepEqual(await accessibilityProblems(one.page), [])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a comment in the card panel is a reply in the channel’s thread, and a reply there shows in the panel', async ({
    assert,
  }) => {
    const seeded = await seed()
    const { first: gillian, second: bob, team, channel, board } = seeded
    const card = await cardNamed(gillian.client, board.id, 'Alpha')
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(`${boardPath(board)}?card=${card.id}`)
    const comments = panelOf(one.page).getByRole('region', { name: 'Comments' })
    await comments.getByText('No comments yet.').waitFor()
    await comments.getByRole('textbox', { name: 'Write a comment…' }).fill('Who takes this one?')
    await comments.getByRole('textbox', { name: 'Write a comment…' }).press('Enter')
    await comments.getByRole('log', { name: 'Replies' }).getByText('Who takes this one?').waitFor()

    // Bob, in the channel, opens the card's thread: the comment is there; he answers.
    await two.page.goto(`/teams/${team.id}/channels/${channel.id}?thread=${card.threadId}`)
    const thread = two.page.getByRole('complementary', { name: 'Thread' })
    await thread.getByRole('log', { name: 'Replies' }).getByText('Who takes this one?').waitFor()
    await thread.getByRole('textbox', { name: 'Reply…' }).fill('I will, today.')
    await thread.getByRole('textbox', { name: 'Reply…' }).press('Enter')
    await comments.getByRole('log', { name: 'Replies' }).getByText('I will, today.').waitFor()
    // The card's front counts the two comments, live (activity lines are not comments).
    const front = cardFront(one.page, 'Alpha')
    await eventually(async () =>
      ((await front.getAttribute('aria-label')) ?? '').includes('2 comments')
    )
    const count = await front.locator('.card__comments').textContent()
    assert.equal(count?.trim(), '2')

    // Card activity in the thread reads as one quiet line.
    await gillian.client.patch(`/api/v1/cards/${card.id}`, { archived: true })
    const activity = comments.locator('.message--compact', { hasText: 'archived' })
    await activity.waitFor()
    await screenshots(one.page, 'board-card-comments')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('undo on the board takes back only one’s own change, everywhere', async ({ assert }) => {
    const { first: gillian, board, card, one, two } = await bothOnCard('Alpha')
    const beta = await cardNamed(gillian.client, board.id, 'Beta')
    await two.page.goto(`${boardPath(board)}?card=${beta.id}`)
    await panelOf(two.page).getByLabel('Card title').waitFor()

    await panelOf(one.page).getByLabel('Card title').fill('Alpha, by Gillian')
    await panelOf(one.page).getByLabel('Card title').press('Enter')
    for (const { page } of [one, two]) await cardFront(page, 'Alpha, by Gillian').waitFor()
    await panelOf(two.page).getByLabel('Card title').fill('Beta, by Bob')
    await panelOf(two.page).getByLabel('Card title').press('Enter')
    for (const { page } of [one, two]) await cardFront(page, 'Beta, by Bob').waitFor()

    // Out of the text field, Ctrl+Z: Gillian's rename goes, Bob's stays.
    await panelOf(one.page).getByRole('heading', { level: 2 }).focus()
    await one.page.keyboard.press('Control+z')
    for (const { page } of [one, two]) {
      await cardFront(page, 'Alpha')
        .and(page.getByRole('article', { name: /^Alpha,/ }))
        .waitFor({ state: 'detached' })
      await cardFront(page, 'Beta, by Bob').waitFor()
    }
    await eventually(() => hasTitle(gillian.client, board.id, 'Alpha', card.id), 5000)
    assert.isTrue(await hasTitle(gillian.client, board.id, 'Beta, by Bob', beta.id))
    // Redo brings it back.
    await one.page.keyboard.press('Control+Shift+z')
    for (const { page } of [one, two]) await cardFront(page, 'Alpha, by Gillian').waitFor()
    await eventually(() => hasTitle(gillian.client, board.id, 'Alpha, by Gillian', card.id), 5000)
    // The shortcuts help lists both.
    await one.page.keyboard.press('Control+/')
    const help = one.page.getByRole('dialog', { name: /shortcuts/i })
    await help.getByText('Undo your last change to the board').waitFor()
    await help.getByText(/Redo your change/).waitFor()
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a viewer sees the card, live, with no editing controls', async ({ assert }) => {
    const { first: gillian, second: bob, board } = await seed()
    const card = await cardNamed(gillian.client, board.id, 'Alpha')
    await gillian.client.patch(`/api/v1/cards/${card.id}`, { description: 'Read me.' })
    await gillian.client.post(`/api/v1/cards/${card.id}/checklist`, { text: 'One step' })
    const role = await gillian.client.put(`/api/v1/boards/${board.id}/members/${bob.id}`, {
      role: 'viewer',
    })
    assert.equal(role.status, 200)
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await page.goto(`${boardPath(board)}?card=${card.id}`)
    const panel = panelOf(page)
    await panel.getByText('Alpha').first().waitFor()
    await editorOf(page).getByText('Read me.').waitFor()
    assert.equal(await editorOf(page).getAttribute('contenteditable'), 'false')
    assert.equal(await panel.getByLabel('Card title').count(), 0)
    assert.equal(await panel.getByLabel('New checklist item').count(), 0)
    assert.isTrue(await panel.getByRole('checkbox', { name: 'Done: One step' }).isDisabled())
    assert.equal(await panel.getByRole('textbox', { name: 'Write a comment…' }).count(), 0)
    await panel.getByRole('button', { name: 'Card actions' }).click()
    const items = await panel.getByRole('menuitem').allTextContents()
    assert.deepEqual(
      items.map((item) => item.trim()),
      ['Copy link', `Copy reference ${card.ref}`]
    )
    await page.keyboard.press('Escape')
    // Still live: Gillian's edit arrives.
    await gillian.client.patch(`/api/v1/cards/${card.id}`, { description: 'Read me again.' })
    await editorOf(page).getByText('Read me again.').waitFor()
    await screenshots(page, 'board-card-viewer')
    assert.deepEqual(await accessibilityProblems(page), [])
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('copy reference puts KEY-N on the clipboard; delete asks first, then the card is gone everywhere', async ({
    assert,
  }) => {
    const { first: gillian, board, card, one, two } = await bothOnCard('Alpha')
    await one.context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const panel = panelOf(one.page)
    const { body: settings } = await gillian.client.get(`/api/v1/boards/${board.id}`)
    assert.equal(card.ref, `${settings.key}-${card.number}`)

    await panel.getByRole('button', { name: 'Card actions' }).click()
    await panel.getByRole('menuitem', { name: `Copy reference ${card.ref}` }).click()
    await one.page.getByRole('status').getByText(`${card.ref} copied`).waitFor()
    assert.equal(await one.page.evaluate('navigator.clipboard.readText()'), card.ref)
    await panel.getByRole('button', { name: 'Card actions' }).click()
    await panel.getByRole('menuitem', { name: 'Copy link' }).click()
    assert.equal(await one.page.evaluate('navigator.clipboard.readText()'), card.url)

    await panel.getByRole('button', { name: 'Card actions' }).click()
    await panel.getByRole('menuitem', { name: 'Delete…' }).click()
    const dialog = one.page.getByRole('dialog', { name: 'Delete this card?' })
    await dialog.waitFor()
    assert.deepEqual(await accessibilityProblems(one.page), [])
    // Cancel keeps it.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await cardFront(two.page, 'Alpha').waitFor()
    await panel.getByRole('button', { name: 'Card actions' }).click()
    await panel.getByRole('menuitem', { name: 'Delete…' }).click()
    await dialog.getByRole('button', { name: 'Delete card' }).click()
    await one.page.getByRole('status').getByText('Card “Alpha” deleted').waitFor()
    await panel.waitFor({ state: 'detached' })
    for (const { page } of [one, two]) {
      await eventually(async () => (await cardFront(page, 'Alpha').count()) === 0, 5000)
      await cardFront(page, 'Beta').waitFor()
    }
    // Bob had it open: his panel says it is gone.
    await panelOf(two.page).getByText('This card is not available').waitFor()
    await eventually(
      async () => (await statusOf(gillian.client, `/api/v1/cards/${card.id}`)) === 404,
      5000
    )
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a card’s address is a page of its own in the team shell, linking back to its board; at phone width the panel fills the screen', async ({
    assert,
  }) => {
    const { first: gillian, board } = await seed()
    const card = await cardNamed(gillian.client, board.id, 'Alpha')
    await gillian.client.patch(`/api/v1/cards/${card.id}`, { description: 'Full page.' })
    const { page, problems, context } = await openBrowser()
    await logIn(page, gillian)
    await page.goto(new URL(card.url).pathname)
    await page.waitForURL(`**${boardPath(board)}/cards/${card.id}`)
    const sheet = page.getByRole('region', { name: 'Card' })
    await sheet.getByLabel('Card title').waitFor()
    assert.equal(await sheet.getByLabel('Card title').inputValue(), 'Alpha')
    await sheet.getByRole('textbox', { name: 'Description' }).getByText('Full page.').waitFor()
    await page.getByRole('navigation', { name: 'Channels' }).waitFor()
    await screenshots(page, 'board-card-page')
    assert.deepEqual(await accessibilityProblems(page), [])
    await sheet.getByRole('link', { name: 'Roadmap' }).click()
    await page.waitForURL(`**${boardPath(board)}?card=${card.id}`)
    await columnOf(page, 'To do').waitFor()
    await panelOf(page).getByRole('link', { name: 'Open as page' }).waitFor()

    // At phone width the panel is the whole screen; Escape closes it, focus back on the card.
    await page.setViewportSize(PHONE)
    const box = await panelOf(page).boundingBox()
    assert.equal(Math.round(box!.width), PHONE.width)
    await panelOf(page).getByRole('button', { name: 'Close card' }).click()
    await panelOf(page).waitFor({ state: 'detached' })
    assert.notInclude(page.url(), 'card=')
    assert.deepEqual(problems, [])
    await context.close()
  })
})

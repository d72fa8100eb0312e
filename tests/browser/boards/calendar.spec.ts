import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  PHONE,
  accessibilityProblems,
  logIn,
  openBrowser,
  screenshots,
  twoInAChannel,
} from '#tests/helpers/browser'
import { boardPath, connect } from '#tests/helpers/boards'
import type { WebClient } from '#tests/helpers/web_client'
import { eventually } from '#tests/helpers/realtime'
import { addField, createCard } from '../../../boards/document/index.js'
import { addDays, dayKey } from '../../../resources/boards/calendarModel.js'

type Dates = Record<string, string | null>

/** Gillian (a board admin) and Bob (an editor) in a Product channel. */
async function seed() {
  return twoInAChannel(['Gillian', 'Bob'], 'Workshop', { name: 'product', displayName: 'Product' })
}

/** A project_tasks board (Board, Table and Calendar views) with cards by due date. */
async function boardWith(client: WebClient, channelId: string, cards: Dates) {
  const { body: board } = await client.post(`/api/v1/channels/${channelId}/boards`, {
    title: 'Roadmap',
    template: 'project_tasks',
  })
  const { body: doc } = await client.get(`/api/v1/boards/${board.id}/document`)
  const due: string = doc.fields.find((field: { name: string }) => field.name === 'Due date').id
  const view = doc.views.find((entry: { kind: string }) => entry.kind === 'calendar')
  for (const [title, date] of Object.entries(cards)) {
    const made = await client.post(`/api/v1/boards/${board.id}/cards`, {
      title,
      values: { [due]: date },
    })
    if (made.status !== 201) throw new Error(`card not made: ${JSON.stringify(made.body)}`)
  }
  const path = `${boardPath(board)}?view=${view.id}`
  return { id: board.id as string, due, path }
}

/** Each card's due date as the REST card list (the SQL projection) has it. */
async function serverDates(client: WebClient, board: { id: string; due: string }) {
  const { body } = await client.get(`/api/v1/boards/${board.id}/cards`)
  return Object.fromEntries(
    body.data.map((card: { title: string; values: Dates }) => [
      card.title,
      card.values[board.due] ?? null,
    ])
  ) as Dates
}

/** Waits until the server has `title` on `date`. */
async function serverHas(client: WebClient, board: { id: string; due: string }, want: Dates) {
  let last: Dates = {}
  try {
    await eventually(async () => {
      last = await serverDates(client, board)
      return Object.entries(want).every(([title, date]) => last[title] === date)
    }, 10_000)
  } catch (error) {
    throw new Error(`the server has ${JSON.stringify(last)}`, { cause: error })
  }
}

const status = (page: Page) => page.locator('.board-page__status')
const chip = (page: Page, title: string) =>
  page.locator('.calendar').getByRole('article', { name: new RegExp(`^${title}`) })
const dayCards = (page: Page, day: string) => page.locator(`.calendar [data-day="${day}"] ul`)
const aside = (page: Page) => page.getByRole('list', { name: 'Cards with no date' })
const onDay = (page: Page, title: string, day: string) =>
  dayCards(page, day).getByRole('article', { name: new RegExp(`^${title}`) })

/** Drags a card with the mouse onto a list (a day's cards, or the No date aside). */
async function drag(page: Page, title: string, target: ReturnType<Page['locator']>) {
  await chip(page, title).dragTo(target, { steps: 5 })
}

/** A finger held on a card past the long press, then moved onto `target` and lifted. */
async function longPressDrag(page: Page, title: string, target: ReturnType<Page['locator']>) {
  const from = (await chip(page, title).boundingBox())!
  const to = (await target.boundingBox())!
  const cdp = await page.context().newCDPSession(page)
  const point = (x: number, y: number) => ({ touchPoints: [{ x, y }] })
  const [x, y] = [from.x + from.width / 2, from.y + from.height / 2]
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', ...point(x, y) })
  // Held past the 250 ms long press before moving.
  await page.waitForTimeout(400)
  for (let i = 1; i <= 10; i++) {
    const at = point(x + ((to.x + 12 - x) * i) / 10, y + ((to.y + 6 - y) * i) / 10)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', ...at })
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await cdp.detach()
}

/** A day as the page names it (the browser's locale is en-US). */
const longDay = (day: string) =>
  new Intl.DateTimeFormat('en-US', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00`))

/** Today, and another day of this month shown in today's month grid. */
function days() {
  const today = dayKey(new Date())
  const other = today.endsWith('-01') ? addDays(today, 1) : addDays(today, -1)
  return { today, other }
}

test.group('Boards: calendar', (group) => {
  group.each.setup(() => limiter.clear())

  test('a card dragged to another day gets that date, for the other person and in the REST card list; a card goes from No date onto a day and back', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const { today, other } = days()
    const standup = new Date(`${today}T09:30:00`).toISOString()
    const board = await boardWith(gillian.client, channel.id, {
      Launch: today,
      Someday: null,
      Standup: standup,
    })
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await one.page.goto(board.path)
    await two.page.goto(board.path)
    await status(one.page).getByText('Live').waitFor()
    await status(two.page).getByText('Live').waitFor()

    // The month of today, titled by Intl, today marked.
    const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric' })
    await one.page.getByRole('heading', { name: month.format(new Date()) }).waitFor()
    await one.page.locator(`[data-day="${today}"] [aria-current="date"]`).waitFor()
    await onDay(one.page, 'Launch', today).waitFor()
    await aside(one.page)
      .getByRole('article', { name: /^Someday/ })
      .waitFor()

    // Gillian drags Launch to another day: Bob sees it move, the server has the new date.
    await drag(one.page, 'Launch', dayCards(one.page, other))
    await onDay(two.page, 'Launch', other).waitFor()
    await serverHas(gillian.client, board, { Launch: other })
    // A date-time keeps its time of day where the person is.
    await drag(one.page, 'Standup', dayCards(one.page, other))
    await serverHas(gillian.client, board, {
      Standup: new Date(`${other}T09:30:00`).toISOString(),
    })

    // Bob gives Someday a date by dragging it from the aside, then takes it back.
    await drag(two.page, 'Someday', dayCards(two.page, today))
    await onDay(one.page, 'Someday', today).waitFor()
    await serverHas(gillian.client, board, { Someday: today })
    await onDay(two.page, 'Someday', today).waitFor()
    await drag(two.page, 'Someday', aside(two.page))
    await aside(one.page)
      .getByRole('article', { name: /^Someday/ })
      .waitFor()
    await serverHas(gillian.client, board, { Someday: null, Launch: other })

    // A card added on a day has that date.
    await one.page.locator(`[data-day="${today}"]`).hover()
    await one.page.getByRole('button', { name: `Add a card on ${longDay(today)}` }).click()
    const input = one.page.getByRole('textbox', { name: /^New card on / })
    await input.press('Enter')
    await one.page.getByRole('alert').getByText('Give the card a title.').waitFor()
    await screenshots(one.page, 'board-calendar-add')
    await input.fill('Retro')
    await input.press('Enter')
    await onDay(two.page, 'Retro', today).waitFor()
    await serverHas(gillian.client, board, { Retro: today })
    await input.press('Escape')

    await screenshots(one.page, 'board-calendar-month')
    assert.deepEqual(await accessibilityProblems(one.page), [])

    // The week view shows the same cards on today.
    await one.page.getByRole('button', { name: 'Week' }).click()
    await one.page.locator('.week').waitFor()
    await onDay(one.page, 'Retro', today).waitFor()
    await screenshots(one.page, 'board-calendar-week')
    assert.deepEqual(await accessibilityProblems(one.page), [])

    // A click opens the card.
    await chip(one.page, 'Retro').click()
    await one.page.waitForURL(/[?&]card=/)
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('a card moves a day by keyboard (Space, arrow, Space), Escape cancels a move, Delete takes the date away, each step announced', async ({
    assert,
  }) => {
    const { first: gillian, channel } = await seed()
    const { today } = days()
    const board = await boardWith(gillian.client, channel.id, { Launch: today, Later: null })
    const one = await openBrowser()
    await logIn(one.page, gillian)
    await one.page.goto(board.path)
    await status(one.page).getByText('Live').waitFor()

    const live = one.page.locator('.calendar [aria-live="polite"].visually-hidden')
    const next = addDays(today, 1)
    await chip(one.page, 'Launch').focus()
    await one.page.keyboard.press('Space')
    await live.getByText(/^Picked up Launch/).waitFor()
    await one.page.keyboard.press('ArrowRight')
    await live.getByText(longDay(next)).waitFor()
    await onDay(one.page, 'Launch', next).waitFor()
    await one.page.keyboard.press('Space')
    await live.getByText(`Launch moved to ${longDay(next)}.`).waitFor()
    await serverHas(gillian.client, board, { Launch: next })
    assert.match(
      String(await one.page.evaluate('document.activeElement?.getAttribute("aria-label")')),
      /^Launch/
    )

    // A week down, then Escape: nothing is written, the card is back.
    await one.page.keyboard.press('Space')
    await one.page.keyboard.press('ArrowDown')
    await live.getByText(longDay(addDays(next, 7))).waitFor()
    await one.page.keyboard.press('Escape')
    await live.getByText(/Move cancelled/).waitFor()
    await onDay(one.page, 'Launch', next).waitFor()
    assert.deepEqual(await serverDates(gillian.client, board), { Launch: next, Later: null })

    // A mouse drag shows a copy of the card over the day under the pointer; Escape cancels it.
    const from = (await chip(one.page, 'Launch').boundingBox())!
    const to = (await dayCards(one.page, today).boundingBox())!
    await one.page.mouse.move(from.x + 10, from.y + 5)
    await one.page.mouse.down()
    await one.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 })
    await one.page.locator(`.calendar-drop[data-day="${today}"]`).waitFor()
    await one.page.locator('.chip--ghost').waitFor()
    await one.page.screenshot({ path: 'tests/browser/screenshots/board-calendar-dragging.png' })
    await one.page.keyboard.press('Escape')
    await one.page.mouse.up()
    assert.equal(await one.page.locator('.chip--ghost, .calendar-drop').count(), 0)
    assert.deepEqual(await serverDates(gillian.client, board), { Launch: next, Later: null })

    // An undated card picked up in the aside lands on today with the first arrow.
    await chip(one.page, 'Later').focus()
    await one.page.keyboard.press('Space')
    await live.getByText(/^Picked up Later: no date/).waitFor()
    await one.page.keyboard.press('ArrowLeft')
    await onDay(one.page, 'Later', today).waitFor()
    await one.page.keyboard.press('Space')
    await serverHas(gillian.client, board, { Later: today })
    // Delete takes the date away.
    await one.page.keyboard.press('Space')
    await one.page.keyboard.press('Delete')
    await aside(one.page)
      .getByRole('article', { name: /^Later/ })
      .waitFor()
    await one.page.keyboard.press('Space')
    await live.getByText('Later has no date now.').waitFor()
    await serverHas(gillian.client, board, { Later: null })
    assert.deepEqual(one.problems, [])
    await one.context.close()
  })

  test('a viewer sees the calendar live but no add buttons, and cannot move cards by drag or keyboard', async ({
    assert,
  }) => {
    const { first: gillian, second: bob, channel } = await seed()
    const { today, other } = days()
    const board = await boardWith(gillian.client, channel.id, { Fixed: today, Undated: null })
    const role = await gillian.client.put(`/api/v1/boards/${board.id}/members/${bob.id}`, {
      role: 'viewer',
    })
    assert.equal(role.status, 200)
    const two = await openBrowser()
    await logIn(two.page, bob)
    await two.page.goto(board.path)
    await status(two.page).getByText('Live').waitFor()
    await two.page.getByText('You can view this board (viewer).').waitFor()
    await onDay(two.page, 'Fixed', today).waitFor()

    assert.equal(await two.page.getByRole('button', { name: /^Add a card/ }).count(), 0)
    assert.equal(await two.page.getByLabel('Dates from').count(), 0)
    await drag(two.page, 'Fixed', dayCards(two.page, other))
    await drag(two.page, 'Undated', dayCards(two.page, other))
    await chip(two.page, 'Fixed').focus()
    await two.page.keyboard.press('Space')
    assert.equal(await two.page.locator('.chip--held').count(), 0)
    await onDay(two.page, 'Fixed', today).waitFor()
    assert.deepEqual(await serverDates(gillian.client, board), { Fixed: today, Undated: null })

    // Still live: a date Gillian changes moves the card for Bob.
    const { body: cards } = await gillian.client.get(`/api/v1/boards/${board.id}/cards`)
    const fixed = cards.data.find((card: { title: string }) => card.title === 'Fixed')
    await gillian.client.patch(`/api/v1/cards/${fixed.id}`, { values: { [board.due]: other } })
    await onDay(two.page, 'Fixed', other).waitFor()
    assert.deepEqual(await accessibilityProblems(two.page), [])
    assert.deepEqual(two.problems, [])
    await two.context.close()
  })

  test('a full day collapses to "+N more", which lists all its cards; an editor places the calendar by another date field, and created dates do not move', async ({
    assert,
    cleanup,
  }) => {
    const { first: gillian, channel } = await seed()
    const { today, other } = days()
    const board = await boardWith(gillian.client, channel.id, {
      'Busy 1': today,
      'Busy 2': today,
      'Busy 3': today,
      'Busy 4': today,
    })
    const one = await openBrowser()
    await logIn(one.page, gillian)
    await one.page.goto(board.path)
    await status(one.page).getByText('Live').waitFor()

    // Two cards and "+2 more" fit the cell; the dialog lists all four, and opens one.
    assert.equal(await dayCards(one.page, today).getByRole('article').count(), 2)
    await one.page
      .locator(`[data-day="${today}"]`)
      .getByRole('button', { name: /^2 more cards/ })
      .click()
    const dialog = one.page.getByRole('dialog')
    const listed = await dialog.getByRole('listitem').allTextContents()
    assert.deepEqual(
      listed.map((text) => text.trim()),
      ['Busy 1', 'Busy 2', 'Busy 3', 'Busy 4']
    )
    await screenshots(one.page, 'board-calendar-more')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await dialog.getByRole('button', { name: 'Busy 3' }).click()
    await one.page.waitForURL(/[?&]card=/)

    // Another date field, added over the sync socket, is offered in a menu; the choice is the
    // view's, kept on the server.
    const replica = await connect(board.id, { cookies: gillian.client }, cleanup)
    const actor = { userId: gillian.id }
    const start = addField(replica.doc, { name: 'Start', type: 'date' })
    createCard(replica.doc, { title: 'Kick-off', values: { [start]: other } }, actor)
    const dates = one.page.getByLabel('Dates from')
    await dates.selectOption({ label: 'Start' })
    await onDay(one.page, 'Kick-off', other).waitFor()
    assert.equal(await aside(one.page).getByRole('article').count(), 4)
    await eventually(async () => {
      const { body: doc } = await gillian.client.get(`/api/v1/boards/${board.id}/document`)
      return doc.views.some((view: { dateField: string }) => view.dateField === start)
    }, 5000)

    // Created dates are filled in by Hearth: no adding, no moving.
    addField(replica.doc, { name: 'Created', type: 'created_at' })
    await dates.selectOption({ label: 'Created' })
    await one.page.getByRole('group', { name: /\(today\), 5 cards$/ }).waitFor()
    assert.equal(await one.page.getByRole('button', { name: /^Add a card on/ }).count(), 0)
    await dayCards(one.page, today).getByRole('article').first().focus()
    await one.page.keyboard.press('Space')
    assert.equal(await one.page.locator('.chip--held').count(), 0)
    assert.deepEqual(await accessibilityProblems(one.page), [])
    assert.deepEqual(one.problems, [])
    await one.context.close()
  })

  test('on a touch screen a long press picks a card up, to drop it on another day', async ({
    assert,
  }) => {
    const { first: gillian, channel } = await seed()
    const { today, other } = days()
    const board = await boardWith(gillian.client, channel.id, { Launch: today })
    const { page, problems, context } = await openBrowser({ viewport: PHONE, touch: true })
    await logIn(page, gillian)
    await page.goto(board.path)
    await status(page).getByText('Live').waitFor()
    await longPressDrag(page, 'Launch', dayCards(page, other))
    await serverHas(gillian.client, board, { Launch: other })
    await onDay(page, 'Launch', other).waitFor()
    // A drag is not a tap: the card does not open.
    assert.notInclude(page.url(), 'card=')
    assert.deepEqual(problems, [])
    await context.close()
  })
})
